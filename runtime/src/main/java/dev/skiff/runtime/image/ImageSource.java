package dev.skiff.runtime.image;

import dev.skiff.oci.digest.Digest;
import dev.skiff.oci.image.Compression;
import dev.skiff.oci.image.Descriptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * One image read from a transport (docker-archive, oci-archive, the embedded images), ready for
 * {@link ImageImporter}: its config bytes, its manifest bytes when the transport has one, its
 * layers bottom to top, and the names to give it.
 *
 * @param what            names the source in errors, e.g. {@code archive busybox.tar}
 * @param config          the config blob, already checked against any digest the source claims
 * @param manifest        the manifest blob, or null to have one synthesised
 * @param manifestType    the manifest's media type, or the type to synthesise
 * @param layers          the layer blobs, bottom to top
 * @param names           full references to give the image
 */
public record ImageSource(String what, byte[] config, byte[] manifest, String manifestType,
                          List<Layer> layers, List<String> names) {
    public ImageSource {
        layers = List.copyOf(layers);
        names = List.copyOf(names);
    }

    /** Opens a layer blob's bytes. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    /**
     * A layer whose transport already unpacked it with {@link LayerUnpack}, verified against its
     * diff_id, into a directory under the store's {@code tmp/}.
     *
     * @param dir  the layer directory ({@code diff/} and the tar-split)
     * @param size the uncompressed size
     */
    public record Unpacked(Path dir, long size) {}

    /**
     * A layer blob.
     *
     * @param descriptor  its descriptor when the transport has one: the digest and size are
     *                    verified and the media type picks the compression
     * @param compression its compression, or null to detect it (only for docker-archive files,
     *                    which carry no media type)
     * @param opener      opens the blob; null when {@code unpacked} is given
     * @param unpacked    the layer already unpacked by the transport, or null
     */
    public record Layer(Descriptor descriptor, Compression compression, Opener opener, Unpacked unpacked) {
        public Layer(Descriptor descriptor, Compression compression, Opener opener) {
            this(descriptor, compression, opener, null);
        }

        /** A layer the transport unpacked already. */
        public static Layer unpacked(Descriptor descriptor, Unpacked unpacked) {
            return new Layer(descriptor, null, null, unpacked);
        }

        /** How errors name this layer before its diff id is known. */
        String describe(Digest diffId) {
            return "layer " + (descriptor != null ? descriptor.digest() : diffId);
        }
    }
}
