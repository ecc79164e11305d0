package dev.skiff.runtime.registry;

import dev.skiff.oci.digest.Digest;
import dev.skiff.oci.image.Descriptor;
import dev.skiff.oci.image.ImageConfig;
import dev.skiff.oci.image.Index;
import dev.skiff.oci.image.Manifest;
import dev.skiff.oci.image.MediaType;
import dev.skiff.oci.json.Json;
import dev.skiff.oci.reference.ImageReference;
import dev.skiff.oci.reference.InvalidReferenceException;
import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.image.ChainIds;
import dev.skiff.runtime.image.ImageSource;
import dev.skiff.runtime.image.ImageStore;
import dev.skiff.runtime.image.StoredImage;
import dev.skiff.runtime.storage.Staging;
import dev.skiff.runtime.storage.StorePaths;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * `pull`: resolves a reference (short names through registries.conf), fetches its manifest
 * (picking the platform from a list), downloads the config and the missing layers verified
 * into {@code tmp/}, then hands them to the store's one import path.
 */
public final class ImagePuller {
    private final StorePaths paths;
    private final ImageStore store;
    private final PullOptions options;
    private final Consumer<String> progress;
    private final Consumer<String> warnings;
    private BlobProgress blobProgress = BlobProgress.NONE;

    public ImagePuller(StorePaths paths, ImageStore store, PullOptions options, Consumer<String> progress,
                       Consumer<String> warnings) {
        this.paths = paths;
        this.store = store;
        this.options = options;
        this.progress = progress;
        this.warnings = warnings;
    }

    /** Reports each layer download's progress to {@code listener}; returns this puller. */
    public ImagePuller withBlobProgress(BlobProgress listener) {
        this.blobProgress = listener;
        return this;
    }

    /** Pulls {@code reference} and returns the image id (hex). */
    public String pull(String reference) {
        List<ImageReference> candidates = candidates(reference);
        List<String> failures = new ArrayList<>();
        for (ImageReference ref : candidates) {
            progress.accept("Trying to pull " + ref + "...");
            try {
                return pullFromEndpoints(ref);
            } catch (RegistryException e) {
                if (candidates.size() == 1) {
                    throw e;
                }
                failures.add(ref + ": " + e.getMessage());
            }
        }
        throw new SkiffException("pull " + reference + ": every search registry failed: " + String.join("; ", failures));
    }

    /**
     * True when the store holds {@code reference} and its registry still serves the same manifest
     * (compared by digest, from a HEAD request; a list is resolved to this platform's manifest).
     * False when the image is missing or differs, or the registry cannot be asked: then a pull decides.
     */
    public boolean storedIsCurrent(String reference) {
        Optional<StoredImage> image = store.resolve(reference);
        if (image.isEmpty()) {
            return false;
        }
        String stored = store.manifestDigest(image.get());
        for (ImageReference ref : candidates(reference)) {
            String name = ref.digest().isPresent() ? ref.repository() + "@" + ref.digest().get() : ref.toString();
            if (!image.get().names().contains(name)) {
                continue;
            }
            if (ref.digest().isPresent()) {
                return true; // content-addressed: the stored image is the one the digest names
            }
            for (RegistriesConf.Endpoint ep : options.conf().endpoints(ref)) {
                try {
                    RegistryClient client = client(ep);
                    Digest remote = client.manifestDigest(ep.path(), tagOrDigest(ref));
                    if (remote.toString().equals(stored)) {
                        return true;
                    }
                    RegistryClient.FetchedManifest fetched = client.manifest(ep.path(), remote.toString());
                    if (!isIndex(fetched, ep.host())) {
                        return false;
                    }
                    Index index = parse(fetched.bytes(), Index.class, ep.host(), "manifest list " + fetched.digest());
                    return options.platform().select(index, "image " + ref).digest().toString().equals(stored);
                } catch (RegistryException e) {
                    warnings.accept("checking whether " + ref + " is newer than the stored image: " + e.getMessage());
                } catch (InterruptedException | InterruptedIOException e) {
                    Thread.currentThread().interrupt();
                    return false;
                } catch (IOException e) {
                    warnings.accept("checking whether " + ref + " is newer than the stored image: " + e.getMessage());
                }
            }
            return false;
        }
        return false;
    }

    /** The full references a user's input may mean, in the order to try them. */
    List<ImageReference> candidates(String input) {
        ImageReference ref;
        try {
            ref = ImageReference.parse(input);
        } catch (InvalidReferenceException e) {
            throw new SkiffException(e.getMessage(), e);
        }
        if (!ref.isShortName()) {
            return List.of(ref);
        }
        String suffix = ref.digest().map(d -> "@" + d).orElse(":" + ref.tag().orElse(ImageReference.DEFAULT_TAG));
        String alias = options.conf().alias(ref.typedPath());
        if (alias != null) {
            return List.of(ImageReference.parse(alias + suffix));
        }
        List<ImageReference> out = new ArrayList<>();
        for (String registry : options.conf().searchRegistries()) {
            out.add(ImageReference.parse(registry + "/" + ref.typedPath() + suffix));
        }
        return out;
    }

    private String pullFromEndpoints(ImageReference ref) {
        List<RegistriesConf.Endpoint> endpoints = options.conf().endpoints(ref);
        RegistryException last = null;
        for (RegistriesConf.Endpoint ep : endpoints) {
            try {
                return pullFrom(ref, ep);
            } catch (RegistryException e) {
                last = e;
                if (ep != endpoints.getLast()) {
                    warnings.accept("failed, retrying with the next location: " + e.getMessage());
                }
            }
        }
        throw last;
    }

    @SuppressWarnings("try") // the layer locks are held for the whole block
    private String pullFrom(ImageReference ref, RegistriesConf.Endpoint ep) {
        RegistryClient client = client(ep);
        String repo = ep.path();
        String tagOrDigest = tagOrDigest(ref);
        Staging staging = null;
        try {
            RegistryClient.FetchedManifest fetched = client.manifest(repo, tagOrDigest);
            String what = "image " + ref;
            if (isIndex(fetched, ep.host())) {
                Index index = parse(fetched.bytes(), Index.class, ep.host(), "manifest list " + fetched.digest());
                Descriptor chosen = options.platform().select(index, what);
                fetched = client.manifest(repo, chosen.digest().toString());
                if (isIndex(fetched, ep.host())) {
                    throw new RegistryException(ep.host(), "manifest " + chosen.digest() + ": a manifest list inside a "
                            + "manifest list is not supported");
                }
            }
            Manifest manifest = parse(fetched.bytes(), Manifest.class, ep.host(), "manifest " + fetched.digest());
            String manifestType = manifest.mediaType() != null ? manifest.mediaType()
                    : MediaType.isManifest(fetched.mediaType()) ? fetched.mediaType() : MediaType.OCI_MANIFEST;
            progress.accept("Getting image source signatures");
            if (!MediaType.isConfig(manifest.config().mediaType())) {
                throw new RegistryException(ep.host(), "manifest " + fetched.digest() + ": config media type `"
                        + manifest.config().mediaType() + "` is not a container image");
            }
            byte[] config = client.smallBlob(repo, manifest.config(), Json.MAX_DOCUMENT);
            ImageConfig ic = parse(config, ImageConfig.class, ep.host(), "config " + manifest.config().digest());
            List<Digest> diffIds = ic.rootfs() == null ? List.of() : ic.rootfs().diffIds();
            if (diffIds.size() != manifest.layers().size()) {
                throw new RegistryException(ep.host(), "config " + manifest.config().digest() + " lists "
                        + diffIds.size() + " diff_ids but manifest " + fetched.digest() + " has "
                        + manifest.layers().size() + " layers");
            }
            for (Descriptor layer : manifest.layers()) {
                if (MediaType.layerCompression(layer.mediaType()).isEmpty()) {
                    throw new RegistryException(ep.host(), "layer " + layer.digest() + ": unsupported media type `"
                            + layer.mediaType() + "`");
                }
            }
            List<String> chainIds = ChainIds.of(diffIds);
            staging = Staging.create(paths, "pull-");
            List<String> wanted = new ArrayList<>();
            for (String chain : chainIds) {
                if (!store.hasLayer(chain)) {
                    wanted.add(chain);
                }
            }
            try (LayerLocks locks = LayerLocks.acquire(paths, wanted)) {
                return fetchAndImport(client, ep, ref, what, repo, fetched, manifest, manifestType, config, diffIds,
                        chainIds, staging);
            }
        } catch (InterruptedException | InterruptedIOException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(ep.host(), "pull of " + ref + " interrupted", 0, e);
        } catch (RegistryException e) {
            throw e;
        } catch (IOException e) {
            throw new RegistryException(ep.host(), "pull of " + ref + ": " + e.getMessage(), 0, e);
        } finally {
            if (staging != null) {
                staging.release(warnings);
            }
        }
    }

    /** Fetches what the store still lacks (another pull may have stored it meanwhile) and imports the image. */
    private String fetchAndImport(RegistryClient client, RegistriesConf.Endpoint ep, ImageReference ref, String what,
                                  String repo, RegistryClient.FetchedManifest fetched, Manifest manifest,
                                  String manifestType, byte[] config, List<Digest> diffIds, List<String> chainIds,
                                  Staging staging) throws IOException, InterruptedException {
        // one fetch per missing chain id: a blob used at two depths is unpacked into each
        List<LayerFetcher.Wanted> wanted = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < chainIds.size(); i++) {
            if (!store.hasLayer(chainIds.get(i))) {
                wanted.add(new LayerFetcher.Wanted(manifest.layers().get(i), diffIds.get(i),
                        staging.dir().resolve(Integer.toString(i))));
                positions.add(i);
            }
        }
        List<ImageSource.Unpacked> unpacked = new LayerFetcher(client, repo, blobProgress, warnings).fetch(wanted);
        List<ImageSource.Layer> layers = new ArrayList<>();
        for (Descriptor d : manifest.layers()) {
            layers.add(new ImageSource.Layer(d, null, () -> {
                throw new IOException("layer " + d.digest() + " was removed from the store during the pull; pull again");
            }));
        }
        for (int k = 0; k < positions.size(); k++) {
            int i = positions.get(k);
            layers.set(i, ImageSource.Layer.unpacked(manifest.layers().get(i), unpacked.get(k)));
        }
        String name = ref.digest().isPresent() ? ref.repository() + "@" + ref.digest().get() : ref.toString();
        ImageSource src = new ImageSource("registry " + ep.host() + ": " + what, config, fetched.bytes(), manifestType,
                layers, List.of(name));
        return store.importImage(src, progress, warnings);
    }

    private RegistryClient client(RegistriesConf.Endpoint ep) {
        boolean insecure = ep.insecure() || Boolean.FALSE.equals(options.tlsVerify());
        boolean verify = options.tlsVerify() != null ? options.tlsVerify() : !ep.insecure();
        Credentials creds = options.credentials() != null ? options.credentials()
                : options.authFile().get(ep.host()).orElse(null);
        return new RegistryClient(ep.host(), verify, insecure, creds, options.home());
    }

    private static String tagOrDigest(ImageReference ref) {
        return ref.digest().map(Digest::toString).orElse(ref.tag().orElse(ImageReference.DEFAULT_TAG));
    }

    /** True for an index or manifest list: by content type, or by shape when the type is generic. */
    private static boolean isIndex(RegistryClient.FetchedManifest f, String registry) {
        if (MediaType.isIndex(f.mediaType())) {
            return true;
        }
        if (MediaType.isManifest(f.mediaType())) {
            return false;
        }
        Map<?, ?> doc = parse(f.bytes(), Map.class, registry, "manifest " + f.digest());
        if (doc.get("mediaType") instanceof String t && !t.isEmpty()) {
            if (!MediaType.isIndex(t) && !MediaType.isManifest(t)) {
                throw new RegistryException(registry, "manifest " + f.digest() + ": unsupported media type `" + t + "`");
            }
            return MediaType.isIndex(t);
        }
        return doc.containsKey("manifests");
    }

    private static <T> T parse(byte[] bytes, Class<T> type, String registry, String what) {
        try {
            return Json.read(bytes, type);
        } catch (IllegalArgumentException e) {
            throw new RegistryException(registry, what + ": " + e.getMessage(), 0, e);
        }
    }
}
