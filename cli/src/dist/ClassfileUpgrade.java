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
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Rewrites a jar's classes older than Java 6 (class file 50) to the running JDK's class file
 * version, with stack maps. The JDK's AOT cache cannot keep classes that need the old verifier,
 * and picocli ships as Java 5 classes: upgraded, they load from the cache at every start.
 *
 * Usage: java ClassfileUpgrade.java IN.jar OUT.jar
 */
public final class ClassfileUpgrade {
    public static void main(String[] args) throws IOException {
        Path in = Path.of(args[0]);
        Path out = Path.of(args[1]);
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
