package dev.skiff.runtime.image;

import dev.skiff.oci.digest.Digest;
import dev.skiff.oci.image.Descriptor;
import dev.skiff.oci.image.Manifest;
import dev.skiff.oci.image.MediaType;
import dev.skiff.oci.json.Json;
import dev.skiff.oci.reference.ImageReference;
import dev.skiff.oci.reference.InvalidReferenceException;
import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.archive.InvalidArchiveException;
import dev.skiff.runtime.storage.StoreLock;
import dev.skiff.runtime.storage.StorePaths;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The local image store: resolves names and ids, hands `run` what it needs, loads archives,
 * removes images. {@link #resolve} and {@link #runConfig} read only small precomputed files so
 * `run` starts without a JSON parser.
 */
public final class ImageStore {
    private final StorePaths paths;

    public ImageStore(StorePaths paths) {
        this.paths = paths;
    }

    /** How a lookup matched: by a name (which one) or by id. */
    private record Match(String id, String name) {
        boolean byName() {
            return name != null;
        }
    }

    /**
     * The image a user means by {@code nameOrId}: a full id, {@code sha256:<id>}, a unique id
     * prefix of at least 3 hex digits, a full reference or a short name ({@code busybox} finds
     * {@code localhost/busybox:latest} or {@code docker.io/library/busybox:latest}). The embedded
     * {@code hello} and {@code skiff-pause} images are created on first use.
     */
    public Optional<StoredImage> resolve(String nameOrId) {
        try {
            Match m = lookup(nameOrId);
            if (m == null) {
                ImageReference ref = parseOrNull(nameOrId);
                String embedded = ref == null ? null : EmbeddedImages.embedded(ref);
                if (embedded != null) {
                    return Optional.of(EmbeddedImages.ensure(this, paths, embedded));
                }
                return Optional.empty();
            }
            return Optional.of(stored(m.id()));
        } catch (IOException e) {
            throw new SkiffException("image store " + paths.root() + ": " + e.getMessage(), e);
        }
    }

    /** The layers and execution parameters of {@code image}. */
    public RunConfig runConfig(StoredImage image) {
        try {
            return record(image.id()).toRunConfig();
        } catch (IOException e) {
            throw new SkiffException("image " + image.id() + ": " + e.getMessage(), e);
        }
    }

    /** The unpacked directory of a layer: {@code layers/<chain-id-hex>/diff}. */
    public Path layerDir(String chainIdHex) {
        if (!Digest.isHex64(chainIdHex)) {
            throw new SkiffException("layer `" + chainIdHex + "`: not a 64-digit hex chain id");
        }
        return paths.layers().resolve(chainIdHex).resolve(LayerRecord.DIFF);
    }

    /** Every stored image, newest first. */
    public List<StoredImage> list() {
        try {
            NameIndex index = NameIndex.read(paths.images().resolve(NameIndex.FILE));
            List<StoredImage> images = new ArrayList<>();
            for (String id : ids()) {
                images.add(record(id).toStoredImage(index.namesOf(id)));
            }
            images.sort(Comparator.comparing(StoredImage::created).reversed().thenComparing(StoredImage::id));
            return images;
        } catch (IOException e) {
            throw new SkiffException("image store " + paths.root() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads a docker-archive or oci-archive (plain or gzip) and returns what to print after
     * {@code Loaded image: }: the image's names, or {@code sha256:<id>} for an unnamed image.
     *
     * @param progress where to report progress and warnings; null for none (warnings then go to stderr)
     */
    public List<String> load(Path archive, PrintStream progress) {
        if (progress == null) {
            return load(archive, null, s -> System.err.println("WARNING: " + s));
        }
        return load(archive, progress::println, s -> progress.println("WARNING: " + s));
    }

    /**
     * Loads an archive, reporting progress lines to {@code progress} (null for none) and
     * warnings to {@code warnings}.
     */
    public List<String> load(Path archive, Consumer<String> progress, Consumer<String> warnings) {
        return ArchiveLoader.load(paths, archive, progress == null ? s -> { } : progress, warnings);
    }

    /**
     * Imports an image that another transport (a registry) has read and verified into {@code tmp/},
     * under the store lock and through the same checks as `load`; returns the image id (hex).
     */
    @SuppressWarnings("try") // the lock is held for the whole block
    public String importImage(ImageSource source, Consumer<String> progress, Consumer<String> warnings) {
        try (StoreLock lock = StoreLock.acquire(paths)) {
            StoreGarbage.cleanTmp(paths);
            return new ImageImporter(paths, progress, warnings).importImage(source);
        } catch (InvalidArchiveException e) {
            throw new SkiffException(e.getMessage(), e);
        } catch (IOException e) {
            throw new SkiffException(source.what() + ": " + e.getMessage(), e);
        }
    }

    /** The config blob {@code image} was stored with. */
    public byte[] configBlob(StoredImage image) {
        try {
            byte[] config = Files.readAllBytes(paths.blobs().resolve(record(image.id()).id()));
            if (!Digest.of(config).hex().equals(image.id())) {
                throw new SkiffException("image " + image.id() + ": stored config has digest " + Digest.of(config));
            }
            return config;
        } catch (IOException e) {
            throw new SkiffException("image " + image.id() + ": config: " + e.getMessage(), e);
        }
    }

    /** `history`: the entries of {@code image}'s history, newest first, with their layers' sizes. */
    public List<ImageHistory.Entry> history(StoredImage image) {
        try {
            List<ImageRecord> stored = new ArrayList<>();
            for (String id : ids()) {
                stored.add(record(id));
            }
            return ImageHistory.of(paths, record(image.id()), configBlob(image), stored);
        } catch (IOException e) {
            throw new SkiffException("image " + image.id() + ": history: " + e.getMessage(), e);
        }
    }

    /** The media type of the manifest {@code image} was stored with. */
    public String manifestType(StoredImage image) {
        try {
            return record(image.id()).manifestType();
        } catch (IOException e) {
            throw new SkiffException("image " + image.id() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The layer descriptors of the manifest {@code image} was stored with (as pulled: compressed
     * blobs a registry may still hold), or an empty list when that manifest is not at hand.
     */
    public List<Descriptor> storedLayerDescriptors(StoredImage image) {
        try {
            ImageRecord r = record(image.id());
            Digest digest = Digest.parse(r.manifestDigest());
            Path file = paths.blobs().resolve(digest.hex());
            if (!MediaType.isManifest(r.manifestType()) || !Files.isRegularFile(file)) {
                return List.of();
            }
            byte[] bytes = Files.readAllBytes(file);
            if (!Digest.of(bytes).equals(digest)) {
                return List.of();
            }
            return Json.read(bytes, Manifest.class).layers();
        } catch (IOException | IllegalArgumentException e) {
            return List.of(); // without it, push compresses every layer afresh
        }
    }

    /** Writes a stored layer's uncompressed tar stream again, byte for byte, from its tar-split record. */
    public void writeLayerTar(String chainIdHex, java.io.OutputStream out) {
        Path dir = layerDir(chainIdHex).getParent();
        Path split = dir.resolve(dev.skiff.runtime.archive.TarSplit.FILE);
        String what = "layer " + chainIdHex.substring(0, 12);
        if (!Files.isRegularFile(split)) {
            throw new SkiffException(what + ": no " + dev.skiff.runtime.archive.TarSplit.FILE + " record to write it "
                    + "from (stored by an older skiff?): remove the image and load or pull it again");
        }
        try {
            dev.skiff.runtime.archive.TarSplit.write(split, dir.resolve(LayerRecord.DIFF), out, what);
        } catch (IOException e) {
            throw new SkiffException(what + ": cannot write it again: " + e.getMessage(), e);
        }
    }

    /** True when the layer with this chain id (hex) is unpacked in the store. */
    public boolean hasLayer(String chainIdHex) {
        return Files.isDirectory(layerDir(chainIdHex));
    }

    /**
     * `rmi`: removes a name, or the image itself, as Podman does. A name of an image with other
     * names is only untagged; by id, an image with several names needs {@code force}. Layers
     * and blobs no longer used go too.
     *
     * @throws ImageNotKnownException when nothing matches
     */
    @SuppressWarnings("try") // the lock is held for the whole block
    public RemovedImage remove(String nameOrId, boolean force) {
        try (StoreLock lock = StoreLock.acquire(paths)) {
            Match m = lookup(nameOrId);
            if (m == null) {
                throw new ImageNotKnownException(nameOrId);
            }
            Path indexFile = paths.images().resolve(NameIndex.FILE);
            NameIndex index = NameIndex.read(indexFile);
            List<String> names = index.namesOf(m.id());
            if (m.byName() && names.size() > 1) {
                index.remove(m.name());
                index.write(indexFile);
                return new RemovedImage(List.of(m.name()), Optional.empty());
            }
            if (!m.byName() && names.size() > 1 && !force) {
                throw new SkiffException("unable to delete image \"" + m.id() + "\" by ID with more than one tag (["
                        + String.join(" ", names) + "]): please force removal");
            }
            Optional<String> user = ContainerUsers.firstUsing(paths, m.id());
            if (user.isPresent()) {
                throw new SkiffException("image used by " + user.get() + ": image is in use by a container: "
                        + "remove the container first", 2, null);
            }
            names.forEach(index::remove);
            index.write(indexFile);
            StoreGarbage.discard(paths, paths.images().resolve(m.id()));
            StoreGarbage.collect(paths);
            StoreGarbage.cleanTmp(paths);
            return new RemovedImage(names, Optional.of(m.id()));
        } catch (IOException e) {
            throw new SkiffException("remove image " + nameOrId + ": " + e.getMessage(), e);
        }
    }

    /** `tag`: gives the image {@code nameOrId} each of {@code targets}. */
    public void tag(String nameOrId, List<String> targets) {
        ImageNames.tag(paths, resolve(nameOrId).orElseThrow(() -> new ImageNotKnownException(nameOrId)), targets);
    }

    /** `untag`: removes {@code names} (all of them when empty) from {@code nameOrId}; returns what went. */
    public List<String> untag(String nameOrId, List<String> names) {
        return ImageNames.untag(paths, resolve(nameOrId).orElseThrow(() -> new ImageNotKnownException(nameOrId)), names);
    }

    /** NAME as the store keeps it: {@code app} is {@code localhost/app:latest}. */
    public static String localName(String name) {
        return ImageNames.normalize(name);
    }

    /** The digest ({@code sha256:…}) of the manifest {@code image} was stored with. */
    public String manifestDigest(StoredImage image) {
        return manifestDigestOf(image.id());
    }

    /** How many containers use each image, by image id. */
    public Map<String, Integer> containerCounts() {
        try {
            return ContainerUsers.counts(paths);
        } catch (IOException e) {
            throw new SkiffException("containers of " + paths.root() + ": " + e.getMessage(), e);
        }
    }

    /**
     * `save`: writes the image {@code nameOrId} to {@code output}; the archive records the name
     * the user gave, or no name for an image given by id.
     */
    @SuppressWarnings("try") // the lock is held for the whole block, so no layer goes meanwhile
    public void save(String nameOrId, Path output, ArchiveFormat format) {
        try (StoreLock lock = StoreLock.acquire(paths)) {
            saver(nameOrId).save(output, format);
        } catch (IOException e) {
            throw new SkiffException("save " + nameOrId + " to `" + output + "`: " + e.getMessage(), e);
        }
    }

    /** `save` to a stream (stdout), which stays open. */
    @SuppressWarnings("try") // the lock is held for the whole block, so no layer goes meanwhile
    public void save(String nameOrId, OutputStream out, ArchiveFormat format) {
        try (StoreLock lock = StoreLock.acquire(paths)) {
            saver(nameOrId).write(out, format);
        } catch (IOException e) {
            throw new SkiffException("save " + nameOrId + ": " + e.getMessage(), e);
        }
    }

    private ImageSaver saver(String nameOrId) throws IOException {
        Match m = lookup(nameOrId);
        if (m == null) {
            throw new ImageNotKnownException(nameOrId);
        }
        return new ImageSaver(paths, record(m.id()), m.name());
    }

    /** `image prune`: removes images without names, or with {@code all} every image no container uses. */
    public List<String> prune(boolean all) {
        try {
            return ImagePruner.prune(paths, all);
        } catch (IOException e) {
            throw new SkiffException("prune images of " + paths.root() + ": " + e.getMessage(), e);
        }
    }

    /** `system df`: the disk use of images and containers. */
    public DiskUsage diskUsage() {
        try {
            return DiskUsage.of(paths, list());
        } catch (IOException e) {
            throw new SkiffException("disk usage of " + paths.root() + ": " + e.getMessage(), e);
        }
    }

    /** podman-style `image inspect` data of {@code image}. */
    public Map<String, Object> inspect(StoredImage image) {
        try {
            return ImageInspector.inspect(paths, record(image.id()), image);
        } catch (IOException e) {
            throw new SkiffException("inspect image " + image.id() + ": " + e.getMessage(), e);
        }
    }

    /** The stored image with this id, with its current names. */
    StoredImage stored(String id) throws IOException {
        NameIndex index = NameIndex.read(paths.images().resolve(NameIndex.FILE));
        return record(id).toStoredImage(index.namesOf(id));
    }

    /** The image {@code id} when it is stored and named {@code name}, else null. */
    StoredImage resolveStoredWithName(String id, String name) throws IOException {
        NameIndex index = NameIndex.read(paths.images().resolve(NameIndex.FILE));
        return id.equals(index.idOf(name)) && exists(id) ? record(id).toStoredImage(index.namesOf(id)) : null;
    }

    private ImageRecord record(String id) throws IOException {
        if (!Digest.isHex64(id)) {
            throw new SkiffException("image id `" + id + "`: not 64 hex digits");
        }
        return ImageRecord.read(paths.images().resolve(id).resolve(ImageRecord.FILE));
    }

    private boolean exists(String id) {
        return Files.isRegularFile(paths.images().resolve(id).resolve(ImageRecord.FILE));
    }

    private List<String> ids() throws IOException {
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(paths.images())) {
            return ids;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(paths.images())) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (Digest.isHex64(n) && exists(n)) {
                    ids.add(n);
                }
            }
        }
        return ids;
    }

    private Match lookup(String input) throws IOException {
        String hex = input.startsWith(Digest.SHA256 + ":") ? input.substring(Digest.SHA256.length() + 1) : input;
        if (Digest.isHex64(hex)) {
            return exists(hex) ? new Match(hex, null) : null;
        }
        ImageReference ref = null;
        try {
            ref = ImageReference.parse(input);
        } catch (InvalidReferenceException e) {
            if (!ImageLookup.isHexPrefix(hex)) {
                throw new SkiffException(e.getMessage(), e);
            }
        }
        if (ref != null) {
            NameIndex index = NameIndex.read(paths.images().resolve(NameIndex.FILE));
            String name = ImageLookup.find(index, ref, this::manifestDigestOf);
            if (name != null) {
                String id = index.idOf(name);
                return ref.digest().isPresent() ? new Match(id, null) : new Match(id, name);
            }
        }
        if (hex.length() >= 3 && ImageLookup.isHexPrefix(hex)) {
            List<String> matches = ids().stream().filter(id -> id.startsWith(hex)).toList();
            if (matches.size() > 1) {
                throw new SkiffException(input + ": image id prefix is ambiguous: it matches " + matches.size() + " images");
            }
            if (matches.size() == 1) {
                return new Match(matches.getFirst(), null);
            }
        }
        return null;
    }

    private String manifestDigestOf(String id) {
        try {
            return record(id).manifestDigest();
        } catch (IOException e) {
            return "";
        }
    }

    private static ImageReference parseOrNull(String s) {
        try {
            return ImageReference.parse(s);
        } catch (InvalidReferenceException e) {
            return null;
        }
    }
}
