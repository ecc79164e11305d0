package dev.skiff.runtime.archive;

/** Normalises tar entry names to paths relative to the layer root, refusing any that escape it. */
public final class EntryPaths {
    private EntryPaths() {}

    /**
     * {@code ./a//b/} → {@code a/b}; a leading {@code /} is dropped as Docker does; {@code ""} is
     * the root itself.
     *
     * @throws EscapeException when a component is {@code ..}
     */
    public static String normalize(String name) throws EscapeException {
        StringBuilder out = new StringBuilder(name.length());
        int i = 0;
        int n = name.length();
        while (i < n) {
            int j = name.indexOf('/', i);
            if (j < 0) {
                j = n;
            }
            int len = j - i;
            if (len == 2 && name.charAt(i) == '.' && name.charAt(i + 1) == '.') {
                throw new EscapeException();
            }
            if (len > 0 && !(len == 1 && name.charAt(i) == '.')) {
                if (!out.isEmpty()) {
                    out.append('/');
                }
                out.append(name, i, j);
            }
            i = j + 1;
        }
        return out.toString();
    }

    /** The parent of a normalised path, {@code ""} for a top-level entry. */
    public static String parent(String rel) {
        int slash = rel.lastIndexOf('/');
        return slash < 0 ? "" : rel.substring(0, slash);
    }

    /** The last component of a normalised path. */
    public static String baseName(String rel) {
        return rel.substring(rel.lastIndexOf('/') + 1);
    }

    /** Joins a normalised parent and a child name. */
    public static String join(String parent, String child) {
        return parent.isEmpty() ? child : parent + "/" + child;
    }

    /** A name with a {@code ..} component. */
    public static final class EscapeException extends Exception {
        EscapeException() {
            super(null, null, false, false);
        }
    }
}
