package dev.skiff.runtime.registry;

import dev.skiff.oci.digest.Digest;
import dev.skiff.oci.digest.DigestingInputStream;
import dev.skiff.oci.image.Descriptor;
import dev.skiff.oci.image.ImageConfig;
import dev.skiff.oci.image.Manifest;
import dev.skiff.oci.image.MediaType;
import dev.skiff.oci.json.Json;
import dev.skiff.oci.reference.ImageReference;
import dev.skiff.oci.reference.InvalidReferenceException;
import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.image.ImageNotKnownException;
import dev.skiff.runtime.image.ImageStore;
import dev.skiff.runtime.image.StoredImage;
import dev.skiff.runtime.storage.Staging;
import dev.skiff.runtime.storage.StorePaths;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;

/**
 * `push`: for each layer, the blob it was pulled as when the destination has it or can mount it
 * from the repository it came from; otherwise the layer's tar written again from its tar-split
 * record and gzipped (the same bytes every time, so a second push finds the blobs already there),
 * uploaded where the registry lacks it. Then the config and a manifest of the image's own kind
 * (Docker schema 2 or OCI).
 */
public final class ImagePusher {
    // the distributable layer types a manifest of each kind may list
    private static final Set<String> DOCKER_LAYERS = Set.of(MediaType.DOCKER_LAYER, MediaType.DOCKER_LAYER_GZIP);
    private static final Set<String> OCI_LAYERS = Set.of(MediaType.OCI_LAYER, MediaType.OCI_LAYER_GZIP,
            MediaType.OCI_LAYER_ZSTD);

    private final StorePaths paths;
    private final ImageStore store;
    private final PullOptions options;
    private final Consumer<String> progress;

    public ImagePusher(StorePaths paths, ImageStore store, PullOptions options, Consumer<String> progress) {
        this.paths = paths;
        this.store = store;
        this.options = options;
        this.progress = progress;
    }

    /** Pushes {@code source} (a stored name or id) to {@code destination} (or its own name); returns the manifest digest. */
    public Digest push(String source, String destination) {
        StoredImage image = store.resolve(source).orElseThrow(() -> new ImageNotKnownException(source));
        ImageReference ref;
        try {
            ref = ImageReference.parse(destination.startsWith("docker://") ? destination.substring(9) : destination);
        } catch (InvalidReferenceException e) {
            throw new SkiffException(e.getMessage(), e);
        }
        if (ref.digest().isPresent()) {
            throw new SkiffException("push " + destination + ": a destination cannot carry a digest; give a tag");
        }
        List<RegistriesConf.Endpoint> endpoints = options.conf().endpoints(ref);
        RegistriesConf.Endpoint ep = endpoints.getLast(); // mirrors serve pulls only
        boolean insecure = ep.insecure() || Boolean.FALSE.equals(options.tlsVerify());
        boolean verify = options.tlsVerify() != null ? options.tlsVerify() : !ep.insecure();
        Credentials creds = options.credentials() != null ? options.credentials()
                : options.authFile().get(ep.host()).orElse(null);
        RegistryClient client = new RegistryClient(ep.host(), verify, insecure, creds, options.home());
        String tag = ref.tag().orElse(ImageReference.DEFAULT_TAG);
        boolean docker = MediaType.DOCKER_MANIFEST.equals(store.manifestType(image));
        String from = sourceRepository(image, ep);
        BlobUploader uploader = new BlobUploader(client);
        try (Staging staging = Staging.create(paths, "push-")) {
            byte[] config = store.configBlob(image);
            List<Digest> diffIds = Json.read(config, ImageConfig.class).rootfs().diffIds();
            List<String> chainIds = store.runConfig(image).layerChainIds();
            progress.accept("Getting image source signatures");
            List<Descriptor> known = store.storedLayerDescriptors(image);
            List<Descriptor> layers = new ArrayList<>();
            for (int i = 0; i < chainIds.size(); i++) {
                if (known.size() == chainIds.size() && reuse(client, uploader, ep.path(), from, known.get(i), docker)) {
                    layers.add(known.get(i));
                    continue;
                }
                Path file = staging.dir().resolve("layer-" + i);
                Descriptor d = compress(chainIds.get(i), diffIds.get(i), file,
                        docker ? MediaType.DOCKER_LAYER_GZIP : MediaType.OCI_LAYER_GZIP);
                upload(client, uploader, ep.path(), from, d.digest(), file, "Copying blob ");
                layers.add(d);
            }
            Digest configDigest = Digest.of(config);
            Path configFile = staging.dir().resolve("config");
            Files.write(configFile, config);
            upload(client, uploader, ep.path(), from, configDigest, configFile, "Copying config ");
            String type = docker ? MediaType.DOCKER_MANIFEST : MediaType.OCI_MANIFEST;
            Manifest m = new Manifest(2, type, null,
                    Descriptor.of(docker ? MediaType.DOCKER_CONFIG : MediaType.OCI_CONFIG, configDigest, config.length),
                    layers, null, null);
            byte[] manifest = Json.toBytes(m);
            progress.accept("Writing manifest to image destination");
            client.putManifest(ep.path(), tag, manifest, type);
            return Digest.of(manifest);
        } catch (InterruptedException | InterruptedIOException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(ep.host(), "push of " + ref + " interrupted", 0, e);
        } catch (IOException e) {
            throw new RegistryException(ep.host(), "push of " + ref + ": " + e.getMessage(), 0, e);
        }
    }

    /**
     * Whether the compressed blob a layer was pulled as is on the destination already, or can be
     * mounted there from the repository it came from: then the layer needs no compressing and no
     * upload, and keeps the digest its source gave it.
     */
    private boolean reuse(RegistryClient client, BlobUploader uploader, String repo, String from, Descriptor d,
                          boolean docker) throws IOException, InterruptedException {
        if (!(docker ? DOCKER_LAYERS : OCI_LAYERS).contains(d.mediaType())) {
            return false;
        }
        if (client.blobExists(repo, d.digest())) {
            progress.accept("Copying blob " + d.digest() + " skipped: already exists");
            return true;
        }
        if (from != null && uploader.mount(repo, d.digest(), from)) {
            progress.accept("Copying blob " + d.digest() + " mounted from " + from);
            return true;
        }
        return false;
    }

    private void upload(RegistryClient client, BlobUploader uploader, String repo, String from, Digest digest,
                        Path file, String label) throws IOException, InterruptedException {
        if (client.blobExists(repo, digest)) {
            progress.accept(label + digest + " skipped: already exists");
            return;
        }
        progress.accept(label + digest);
        if (uploader.upload(repo, digest, file, from) == BlobUploader.Outcome.MOUNTED) {
            progress.accept(label + digest + " mounted from " + from);
        }
    }

    /**
     * Another repository on the destination's registry that {@code image} has a name in (it was
     * pulled from or pushed to there), whose blobs the registry can mount; null when there is none.
     */
    private String sourceRepository(StoredImage image, RegistriesConf.Endpoint destination) {
        for (String name : image.names()) {
            try {
                RegistriesConf.Endpoint ep = options.conf().endpoints(ImageReference.parse(name)).getLast();
                if (ep.host().equals(destination.host()) && !ep.path().equals(destination.path())) {
                    return ep.path();
                }
            } catch (InvalidReferenceException | SkiffException e) {
                // a name no registry serves offers nothing to mount
            }
        }
        return null;
    }

    /** Writes layer {@code chainId} gzipped into {@code file}, checking its uncompressed digest against the diff id. */
    private Descriptor compress(String chainId, Digest diffId, Path file, String mediaType) throws IOException {
        MessageDigest plain = Digest.newSha256();
        long[] plainCount = {0};
        try (OutputStream raw = Files.newOutputStream(file);
             GZIPOutputStream gz = new GZIPOutputStream(raw, 64 * 1024)) {
            OutputStream hashing = new FilterOutputStream(gz) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    plain.update(b, off, len);
                    plainCount[0] += len;
                    out.write(b, off, len);
                }

                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }
            };
            store.writeLayerTar(chainId, hashing);
        }
        Digest actual = Digest.fromHash(plain.digest());
        if (!actual.equals(diffId)) {
            throw new SkiffException("layer " + diffId + ": written again it has digest " + actual
                    + ": the unpacked layer was changed");
        }
        try (DigestingInputStream in = new DigestingInputStream(Files.newInputStream(file))) {
            in.drain();
            return Descriptor.of(mediaType, in.digest(), in.count());
        }
    }
}
