package dev.skiff.oci.reference;

import dev.skiff.oci.digest.Digest;
import dev.skiff.oci.digest.InvalidDigestException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image reference as Docker and Podman write it ({@code busybox}, {@code quay.io/a/b:1},
 * {@code localhost:5000/x@sha256:…}), parsed and normalised to its full form
 * ({@code docker.io/library/busybox:latest}).
 */
public final class ImageReference {
    public static final String DOCKER_DOMAIN = "docker.io";
    public static final String LOCALHOST = "localhost";
    public static final String DEFAULT_TAG = "latest";
    private static final int NAME_MAX = 255;

    private static final String ALNUM = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[_.]|__|-+)";
    private static final Pattern PATH_COMPONENT = Pattern.compile(ALNUM + "(?:" + SEPARATOR + ALNUM + ")*");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*"
                    + "(?::[0-9]+)?");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");

    private final String domain;
    private final String path;
    private final String tag;
    private final Digest digest;
    private final boolean shortName;
    private final String typedPath;

    private ImageReference(String domain, String path, String tag, Digest digest, boolean shortName, String typedPath) {
        this.domain = domain;
        this.path = path;
        this.tag = tag;
        this.digest = digest;
        this.shortName = shortName;
        this.typedPath = typedPath;
    }

    /**
     * Parses and normalises a reference: a missing domain becomes {@code docker.io} (with
     * {@code library/} for one-component paths) and a missing tag {@code latest} unless a digest
     * is given.
     */
    public static ImageReference parse(String s) {
        if (s == null || s.isEmpty()) {
            throw new InvalidReferenceException("invalid reference format: empty image name");
        }
        String rest = s;
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            try {
                digest = Digest.parse(rest.substring(at + 1));
            } catch (InvalidDigestException e) {
                throw new InvalidReferenceException("image reference `" + s + "`: " + e.getMessage());
            }
            rest = rest.substring(0, at);
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw new InvalidReferenceException("image reference `" + s + "`: invalid tag `" + tag + "`");
            }
        }
        if (rest.isEmpty()) {
            throw new InvalidReferenceException("image reference `" + s + "`: empty repository name");
        }
        if (rest.length() > NAME_MAX) {
            throw new InvalidReferenceException("image reference `" + s.substring(0, 40)
                    + "…`: repository name longer than " + NAME_MAX + " characters");
        }
        String domain;
        String remainder;
        int slash = rest.indexOf('/');
        String first = slash < 0 ? "" : rest.substring(0, slash);
        boolean hasDomain = slash >= 0
                && (first.contains(".") || first.contains(":") || first.equals(LOCALHOST) || !first.equals(first.toLowerCase()));
        if (hasDomain) {
            domain = first;
            remainder = rest.substring(slash + 1);
            if (!DOMAIN.matcher(domain).matches()) {
                throw new InvalidReferenceException("image reference `" + s + "`: invalid registry `" + domain + "`");
            }
        } else {
            domain = DOCKER_DOMAIN;
            remainder = rest;
        }
        if (domain.equals("index.docker.io")) {
            domain = DOCKER_DOMAIN;
        }
        checkPath(s, remainder);
        if (!hasDomain && Digest.isHex64(remainder)) {
            throw new InvalidReferenceException("image reference `" + s
                    + "`: a 64-digit hex string is an image id, not a repository name");
        }
        String path = domain.equals(DOCKER_DOMAIN) && remainder.indexOf('/') < 0 ? "library/" + remainder : remainder;
        if (tag == null && digest == null) {
            tag = DEFAULT_TAG;
        }
        return new ImageReference(domain, path, tag, digest, !hasDomain, remainder);
    }

    /**
     * Parses a name the way Podman names images it loads from an archive: a short name
     * ({@code busybox:1}, {@code library/x}) is put under {@code localhost/}.
     */
    public static ImageReference parseLocal(String s) {
        ImageReference r = parse(s);
        return r.shortName ? parse(LOCALHOST + "/" + s) : r;
    }

    private static void checkPath(String input, String remainder) {
        if (!remainder.equals(remainder.toLowerCase())) {
            throw new InvalidReferenceException("image reference `" + input + "`: repository name must be lowercase");
        }
        for (String component : remainder.split("/", -1)) {
            if (!PATH_COMPONENT.matcher(component).matches()) {
                throw new InvalidReferenceException("image reference `" + input + "`: invalid repository path component `"
                        + component + "`");
            }
        }
    }

    /** The registry host (and port): {@code docker.io}, {@code localhost}, {@code host:5000}. */
    public String domain() {
        return domain;
    }

    /** The repository path inside the registry: {@code library/busybox}. */
    public String path() {
        return path;
    }

    /** The tag, when one was given or defaulted. */
    public Optional<String> tag() {
        return Optional.ofNullable(tag);
    }

    /** The digest, when one was given. */
    public Optional<Digest> digest() {
        return Optional.ofNullable(digest);
    }

    /** {@code domain/path}, e.g. {@code docker.io/library/busybox}. */
    public String repository() {
        return domain + "/" + path;
    }

    /** True when the user typed no registry: {@code busybox}, {@code foo/bar:1}. */
    public boolean isShortName() {
        return shortName;
    }

    /** The repository path as typed, before {@code library/} was added: {@code busybox}, {@code foo/bar}. */
    public String typedPath() {
        return typedPath;
    }

    /** The same repository with another tag and no digest. */
    public ImageReference withTag(String newTag) {
        if (!TAG.matcher(newTag).matches()) {
            throw new InvalidReferenceException("image reference `" + repository() + "`: invalid tag `" + newTag + "`");
        }
        return new ImageReference(domain, path, newTag, null, shortName, typedPath);
    }

    /** The full form: {@code docker.io/library/busybox:latest}, {@code quay.io/a/b@sha256:…}. */
    @Override
    public String toString() {
        return repository() + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageReference r && domain.equals(r.domain) && path.equals(r.path)
                && Objects.equals(tag, r.tag) && Objects.equals(digest, r.digest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, path, tag, digest);
    }
}
