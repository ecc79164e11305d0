import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Merges skiff's jars and its libraries' into the distribution's one jar, as the JDK's AOT cache
 * and a short command's start want it.
 * <ul>
 * <li>One jar: what the JDK looks up on the class path (a service such as its logging backend,
 * which the first ProcessBuilder.start looks for) opens one jar, not a dozen.</li>
 * <li>Classes older than Java 6 (class file 50) are brought to the running JDK's class file
 * version, with stack maps: the cache cannot keep classes that need the old verifier, and
 * picocli ships as Java 5 classes.</li>
 * <li>No package is sealed (no jar manifest is kept): a cache cannot define a sealed package once
 * the distribution has moved.</li>
 * <li>Service files of the same name are joined; each library's license and notice files move
 * to META-INF/licenses/JAR/; module descriptors, signatures and the native libraries the
 * libraries carry for every platform are left out (lib/native holds this platform's).</li>
 * </ul>
 * Two jars with different entries of the same name fail the merge.
 *
 * Usage: java DistJar.java OUT JAR... (in class path order)
 */
public final class DistJar {
    private static final String SERVICES = "META-INF/services/";

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        List<Path> jars = Arrays.stream(args).skip(1).map(Path::of).toList();
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = jars.get(i).toUri().toURL();
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        Map<String, String> origin = new HashMap<>();
        Map<String, ByteArrayOutputStream> services = new LinkedHashMap<>();
        boolean multiRelease = false;
        try (URLClassLoader loader = new URLClassLoader(urls)) {
            ClassFile cf = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
                    ClassHierarchyResolver.defaultResolver().orElse(ClassHierarchyResolver.ofResourceParsing(loader))));
            for (Path path : jars) {
                String jarName = path.getFileName().toString().replaceFirst("\\.jar$", "");
                try (JarFile jar = new JarFile(path.toFile())) {
                    Manifest m = jar.getManifest();
                    multiRelease |= m != null && "true".equalsIgnoreCase(
                            m.getMainAttributes().getValue(Attributes.Name.MULTI_RELEASE));
                    var all = jar.entries();
                    while (all.hasMoreElements()) {
                        JarEntry e = all.nextElement();
                        String name = e.getName();
                        if (e.isDirectory() || left(name)) {
                            continue;
                        }
                        byte[] bytes;
                        try (InputStream is = jar.getInputStream(e)) {
                            bytes = is.readAllBytes();
                        }
                        if (name.startsWith(SERVICES)) {
                            ByteArrayOutputStream joined = services.computeIfAbsent(name, n -> new ByteArrayOutputStream());
                            joined.write(bytes);
                            joined.write('\n');
                            continue;
                        }
                        if (name.startsWith("META-INF/") && !name.startsWith("META-INF/versions/")
                                && !name.startsWith("META-INF/maven/")) {
                            name = "META-INF/licenses/" + jarName + "/" + name.substring("META-INF/".length());
                        }
                        if (name.endsWith(".class") && !name.startsWith("META-INF/")) {
                            bytes = upgraded(cf, bytes);
                        }
                        byte[] before = entries.putIfAbsent(name, bytes);
                        if (before != null && !Arrays.equals(before, bytes)) {
                            throw new IOException(name + " differs in " + origin.get(name) + " and " + path.getFileName());
                        }
                        origin.putIfAbsent(name, path.getFileName().toString());
                    }
                }
            }
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (multiRelease) {
            manifest.getMainAttributes().put(Attributes.Name.MULTI_RELEASE, "true");
        }
        Path tmp = Path.of(out + ".new");
        try (OutputStream os = Files.newOutputStream(tmp);
             JarOutputStream jos = new JarOutputStream(os, manifest)) {
            List<Map.Entry<String, byte[]>> all = new ArrayList<>(entries.entrySet());
            services.forEach((n, b) -> all.add(Map.entry(n, b.toByteArray())));
            for (Map.Entry<String, byte[]> e : all) {
                jos.putNextEntry(new JarEntry(e.getKey()));
                jos.write(e.getValue());
                jos.closeEntry();
            }
        }
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Entries the merged jar does without. */
    private static boolean left(String name) {
        String base = name.substring(name.lastIndexOf('/') + 1);
        return name.equals(JarFile.MANIFEST_NAME) || base.equals("module-info.class") || name.equals("META-INF/INDEX.LIST")
                || name.startsWith("META-INF/") && (base.endsWith(".SF") || base.endsWith(".RSA") || base.endsWith(".DSA")
                        || base.endsWith(".EC"))
                || base.endsWith(".so") || base.endsWith(".dylib") || base.endsWith(".dll") || base.endsWith(".jnilib")
                || base.endsWith(".a");
    }

    /** Class files older than Java 6, rebuilt at the running JDK's version (rebuilding the bodies emits stack maps). */
    private static byte[] upgraded(ClassFile cf, byte[] bytes) {
        if (bytes.length < 8 || ((bytes[6] & 0xff) << 8 | (bytes[7] & 0xff)) >= 50) {
            return bytes;
        }
        int target = ClassFile.latestMajorVersion();
        ClassTransform version = (b, el) -> {
            if (el instanceof ClassFileVersion) {
                b.withVersion(target, 0);
            } else {
                b.with(el);
            }
        };
        return cf.transformClass(cf.parse(bytes),
                ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL).andThen(version));
    }
}
