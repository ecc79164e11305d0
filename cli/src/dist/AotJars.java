import java.io.ByteArrayInputStream;
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
import java.nio.file.StandardCopyOption;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Rewrites, in place, the jars of the distribution that the JDK's AOT cache cannot serve as they
 * ship; others are left alone.
 * <ul>
 * <li>Classes older than Java 6 (class file 50) are brought to the running JDK's class file
 * version, with stack maps: the cache cannot keep classes that need the old verifier, and
 * picocli ships as Java 5 classes.</li>
 * <li>Sealed packages are unsealed: a cache cannot define a sealed package once the distribution
 * has moved (the JDK then looks for the jar where the cache was trained, and the JVM does not
 * start). xz for Java seals its package.</li>
 * </ul>
 *
 * Usage: java AotJars.java JAR...
 */
public final class AotJars {
    private static final Attributes.Name SEALED = new Attributes.Name("Sealed");

    public static void main(String[] args) throws IOException {
        for (String arg : args) {
            Path jar = Path.of(arg);
            if (needsRewrite(jar)) {
                Path out = Path.of(arg + ".new");
                rewrite(jar, out);
                Files.move(out, jar, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static boolean needsRewrite(Path in) throws IOException {
        try (JarFile jar = new JarFile(in.toFile())) {
            if (sealed(jar.getManifest())) {
                return true;
            }
            var entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                if (e.getName().endsWith(".class") && !e.getName().startsWith("META-INF/")) {
                    try (InputStream is = jar.getInputStream(e)) {
                        byte[] head = is.readNBytes(8);
                        if (head.length == 8 && ((head[6] & 0xff) << 8 | (head[7] & 0xff)) < 50) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    private static boolean sealed(Manifest m) {
        if (m == null) {
            return false;
        }
        if (m.getMainAttributes().containsKey(SEALED)) {
            return true;
        }
        return m.getEntries().values().stream().anyMatch(a -> a.containsKey(SEALED));
    }

    private static void rewrite(Path in, Path out) throws IOException {
        int target = ClassFile.latestMajorVersion();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {in.toUri().toURL()});
             JarFile jar = new JarFile(in.toFile());
             OutputStream os = Files.newOutputStream(out);
             JarOutputStream jos = new JarOutputStream(os)) {
            ClassFile cf = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
                    ClassHierarchyResolver.defaultResolver().orElse(ClassHierarchyResolver.ofResourceParsing(loader))));
            var entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                byte[] bytes;
                try (InputStream is = jar.getInputStream(e)) {
                    bytes = is.readAllBytes();
                }
                String name = e.getName();
                if (name.endsWith(".class") && !name.startsWith("META-INF/")) {
                    var model = cf.parse(bytes);
                    if (model.majorVersion() < 50) {
                        // rebuilding every method body makes the library emit the stack maps
                        ClassTransform version = (b, el) -> {
                            if (el instanceof ClassFileVersion) {
                                b.withVersion(target, 0);
                            } else {
                                b.with(el);
                            }
                        };
                        bytes = cf.transformClass(model,
                                ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL).andThen(version));
                    }
                }
                if (name.equals(JarFile.MANIFEST_NAME)) {
                    Manifest m = new Manifest(new ByteArrayInputStream(bytes));
                    m.getMainAttributes().remove(SEALED);
                    m.getEntries().values().forEach(a -> a.remove(SEALED));
                    ByteArrayOutputStream rewritten = new ByteArrayOutputStream();
                    m.write(rewritten);
                    bytes = rewritten.toByteArray();
                }
                if (name.startsWith("META-INF/") && (name.endsWith(".SF") || name.endsWith(".RSA") || name.endsWith(".DSA"))) {
                    continue; // the rewritten classes no longer match a signature
                }
                JarEntry copy = new JarEntry(name);
                copy.setTime(e.getTime());
                jos.putNextEntry(copy);
                jos.write(bytes);
                jos.closeEntry();
            }
        }
    }
}
