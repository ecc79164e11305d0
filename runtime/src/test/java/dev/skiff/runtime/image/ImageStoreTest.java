package dev.skiff.runtime.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.oci.digest.Digest;
import dev.skiff.oci.image.MediaType;
import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.storage.StorePaths;
import dev.skiff.runtime.testing.ImageArchives;
import dev.skiff.runtime.testing.TarBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageStoreTest {
    static final String CREATED = "2024-05-06T07:08:09Z";
    static final byte[] BASE = new TarBuilder().dir("bin/", 0755).file("bin/sh", "#!shell", 0755).file("etc/os", "base").bytes();
    static final byte[] TOP = new TarBuilder().file("etc/os", "top").file("app", "app").bytes();

    @TempDir
    Path tmp;
    StorePaths paths;
    ImageStore store;
    final ByteArrayOutputStream progressBytes = new ByteArrayOutputStream();
    PrintStream progress;

    @BeforeEach
    void setUp() {
        paths = StorePaths.at(tmp.resolve("store"));
        store = new ImageStore(paths);
        progress = new PrintStream(progressBytes, true);
    }

    Path dockerArchive(String file, List<byte[]> layerFiles, List<byte[]> plainLayers, String... tags) throws Exception {
        Path out = tmp.resolve(file);
        ImageArchives.dockerArchive(out, ImageArchives.config(plainLayers, CREATED, "/bin/sh", "-c", "echo hi"),
                layerFiles, List.of(tags));
        return out;
    }

    Path busyboxArchive() throws Exception {
        return dockerArchive("busybox.tar", List.of(BASE, TarBuilder.gzip(TOP)), List.of(BASE, TOP), "busybox:latest");
    }

    @Test
    void load_dockerArchive_namesLikePodmanAndResolvesEveryWay() throws Exception {
        List<String> loaded = store.load(busyboxArchive(), progress);
        assertThat(loaded).containsExactly("localhost/busybox:latest");
        StoredImage image = store.resolve("busybox").orElseThrow();
        assertThat(image.id()).matches("[0-9a-f]{64}");
        assertThat(image.names()).containsExactly("localhost/busybox:latest");
        assertThat(image.created()).isEqualTo(Instant.parse(CREATED));
        assertThat(image.size()).isGreaterThan(BASE.length + TOP.length);
        for (String way : List.of("busybox:latest", "localhost/busybox", "localhost/busybox:latest", image.id(),
                "sha256:" + image.id(), image.id().substring(0, 3), image.id().substring(0, 12))) {
            assertThat(store.resolve(way)).as("resolve(%s)", way).map(StoredImage::id).hasValue(image.id());
        }
        assertThat(store.resolve(image.id().substring(0, 2))).as("prefixes shorter than 3 are not ids").isEmpty();
        assertThat(store.resolve("busybox:other")).isEmpty();
        assertThat(store.resolve("docker.io/library/busybox")).isEmpty();
        assertThat(progressBytes.toString()).contains("Copying blob sha256:").contains("Copying config sha256:" + image.id());
    }

    @Test
    void runConfig_carriesLayersAndExecutionParameters() throws Exception {
        store.load(busyboxArchive(), progress);
        RunConfig rc = store.runConfig(store.resolve("busybox").orElseThrow());
        assertThat(rc.layerChainIds()).containsExactlyElementsOf(ChainIds.of(List.of(Digest.of(BASE), Digest.of(TOP))));
        assertThat(rc.layerChainIds().getFirst()).isEqualTo(Digest.of(BASE).hex());
        assertThat(rc.env()).containsExactly("PATH=/usr/bin:/bin", "GREETING=hi");
        assertThat(rc.cmd()).containsExactly("/bin/sh", "-c", "echo hi");
        assertThat(rc.entrypoint()).isEmpty();
        assertThat(rc.workingDir()).isEqualTo("/work");
        assertThat(rc.user()).isEqualTo("1000:1000");
        assertThat(rc.stopSignal()).isEqualTo("SIGINT");
        assertThat(store.layerDir(rc.layerChainIds().get(0)).resolve("bin/sh")).hasContent("#!shell");
        assertThat(store.layerDir(rc.layerChainIds().get(1)).resolve("etc/os")).hasContent("top");
    }

    @Test
    void chainIds_followTheSpec() {
        Digest a = Digest.of(BASE);
        Digest b = Digest.of(TOP);
        String expected = Digest.of((a + " " + b).getBytes(java.nio.charset.StandardCharsets.US_ASCII)).hex();
        assertThat(ChainIds.of(List.of(a, b))).containsExactly(a.hex(), expected);
    }

    @Test
    void load_fullNamesAndSeveralTags_areKept() throws Exception {
        List<String> loaded = store.load(dockerArchive("x.tar", List.of(BASE), List.of(BASE),
                "docker.io/library/busybox:1.36", "quay.io/a/b:v1", "foo/bar:1"), progress);
        assertThat(loaded).containsExactly("docker.io/library/busybox:1.36", "quay.io/a/b:v1", "localhost/foo/bar:1");
        assertThat(store.resolve("busybox:1.36")).isPresent();
        assertThat(store.resolve("b:v1")).as("short name matches the last path element").isPresent();
        assertThat(store.resolve("foo/bar:1")).isPresent();
        assertThat(store.resolve("quay.io/a/b:v1").orElseThrow().names()).hasSize(3);
    }

    @Test
    void load_sameArchiveTwice_reusesLayersAndKeepsOneImage() throws Exception {
        store.load(busyboxArchive(), progress);
        progressBytes.reset();
        store.load(busyboxArchive(), progress);
        assertThat(progressBytes.toString()).contains("skipped: already exists");
        assertThat(store.list()).hasSize(1);
        try (var s = Files.list(paths.layers())) {
            assertThat(s.count()).isEqualTo(2);
        }
    }

    @Test
    void load_twoImagesSharingABase_shareItsLayerDir() throws Exception {
        store.load(busyboxArchive(), progress);
        store.load(dockerArchive("other.tar", List.of(BASE), List.of(BASE), "base:1"), progress);
        RunConfig a = store.runConfig(store.resolve("busybox").orElseThrow());
        RunConfig b = store.runConfig(store.resolve("base:1").orElseThrow());
        assertThat(b.layerChainIds()).containsExactly(a.layerChainIds().getFirst());
        try (var s = Files.list(paths.layers())) {
            assertThat(s.count()).isEqualTo(2);
        }
    }

    @Test
    void load_ociArchiveWithTagOnlyRefName_isNamedUnderLocalhost() throws Exception {
        Path oci = tmp.resolve("x.oci");
        ImageArchives.ociArchive(oci, ImageArchives.config(List.of(BASE, TOP), CREATED, "sh"),
                List.of(TarBuilder.gzip(BASE), TOP), List.of(MediaType.OCI_LAYER_GZIP, MediaType.OCI_LAYER), "mytag");
        assertThat(store.load(oci, progress)).containsExactly("localhost/mytag:latest");
        StoredImage image = store.resolve("mytag").orElseThrow();
        assertThat(store.runConfig(image).cmd()).containsExactly("sh");
        assertThat(store.layerDir(store.runConfig(image).layerChainIds().get(1)).resolve("app")).hasContent("app");
    }

    @Test
    void load_ociArchiveWithFullRefName_keepsIt() throws Exception {
        Path oci = tmp.resolve("y.oci");
        ImageArchives.ociArchive(oci, ImageArchives.config(List.of(BASE), CREATED, "sh"), List.of(BASE),
                List.of(MediaType.OCI_LAYER), "docker.io/library/foo:bar");
        assertThat(store.load(oci, progress)).containsExactly("docker.io/library/foo:bar");
        assertThat(store.resolve("foo:bar")).isPresent();
    }

    @Test
    void load_ociArchiveWithoutName_reportsTheId() throws Exception {
        Path oci = tmp.resolve("z.oci");
        byte[] config = ImageArchives.config(List.of(BASE), CREATED, "sh");
        ImageArchives.ociArchive(oci, config, List.of(BASE), List.of(MediaType.OCI_LAYER), null);
        assertThat(store.load(oci, progress)).containsExactly("sha256:" + Digest.of(config).hex());
        assertThat(store.list()).singleElement().satisfies(i -> assertThat(i.names()).isEmpty());
    }

    @Test
    void load_nestedIndex_picksTheHostPlatform() throws Exception {
        java.util.Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        byte[] amd = ImageArchives.ociManifest(ImageArchives.config(List.of(BASE), CREATED, "amd"), List.of(BASE),
                List.of(MediaType.OCI_LAYER), files);
        byte[] arm = ImageArchives.ociManifest(ImageArchives.config(List.of(TOP), CREATED, "arm"), List.of(TOP),
                List.of(MediaType.OCI_LAYER), files);
        var index = dev.skiff.oci.json.Json.mapper().createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaType.OCI_INDEX);
        var list = index.putArray("manifests");
        list.add(ImageArchives.descriptor(MediaType.OCI_MANIFEST, arm)).get(0);
        ((com.fasterxml.jackson.databind.node.ObjectNode) list.get(0)).putObject("platform").put("os", "linux").put("architecture", "arm64");
        list.add(ImageArchives.descriptor(MediaType.OCI_MANIFEST, amd));
        ((com.fasterxml.jackson.databind.node.ObjectNode) list.get(1)).putObject("platform").put("os", "linux")
                .put("architecture", OciArchiveReader.hostArchitecture());
        byte[] indexBytes = dev.skiff.oci.json.Json.toBytes(index);
        ImageArchives.blob(files, indexBytes);
        var top = ImageArchives.descriptor(MediaType.OCI_INDEX, indexBytes);
        top.putObject("annotations").put("org.opencontainers.image.ref.name", "multi:1");
        Path oci = tmp.resolve("multi.oci");
        ImageArchives.ociLayout(oci, files, top);
        assertThat(store.load(oci, progress)).containsExactly("localhost/multi:1");
        assertThat(store.runConfig(store.resolve("multi:1").orElseThrow()).cmd()).containsExactly("amd");
    }

    @Test
    void load_gzippedArchive_isAccepted() throws Exception {
        Path plain = busyboxArchive();
        Path gz = tmp.resolve("busybox.tar.gz");
        Files.write(gz, TarBuilder.gzip(Files.readAllBytes(plain)));
        assertThat(store.load(gz, null)).containsExactly("localhost/busybox:latest");
    }

    @Test
    void load_missingFile_isAClearError() {
        assertThatThrownBy(() -> store.load(tmp.resolve("nope.tar"), progress))
                .isInstanceOf(SkiffException.class).hasMessageContaining("no such file");
    }

    @Test
    void load_notAnImageArchive_isRefused() throws Exception {
        Path junk = tmp.resolve("junk.tar");
        ImageArchives.writeTar(junk, java.util.Map.of("hello.txt", new byte[] {1}));
        assertThatThrownBy(() -> store.load(junk, progress))
                .isInstanceOf(SkiffException.class).hasMessageContaining("neither a docker-archive");
    }

    @Test
    void list_isNewestFirst() throws Exception {
        store.load(busyboxArchive(), progress);
        Path older = tmp.resolve("older.tar");
        ImageArchives.dockerArchive(older, ImageArchives.config(List.of(TOP), "2001-01-01T00:00:00Z", "x"), List.of(TOP),
                List.of("old:1"));
        store.load(older, progress);
        assertThat(store.list()).extracting(i -> i.names().getFirst())
                .containsExactly("localhost/busybox:latest", "localhost/old:1");
    }

    @Test
    void inspect_hasPodmansShape() throws Exception {
        store.load(busyboxArchive(), progress);
        StoredImage image = store.resolve("busybox").orElseThrow();
        var m = store.inspect(image);
        assertThat(m).containsKeys("Id", "Digest", "RepoTags", "RepoDigests", "Parent", "Comment", "Created", "Config",
                "Version", "Author", "Architecture", "Os", "Size", "VirtualSize", "GraphDriver", "RootFS", "Labels",
                "Annotations", "ManifestType", "User", "History", "NamesHistory");
        assertThat(m.get("Id")).isEqualTo(image.id());
        assertThat(m.get("ManifestType")).isEqualTo(MediaType.DOCKER_MANIFEST);
        assertThat((String) m.get("Digest")).startsWith("sha256:");
        assertThat(m.get("RepoDigests")).asList().singleElement().asString().startsWith("localhost/busybox@sha256:");
        String json = dev.skiff.oci.json.Json.toPrettyString(List.of(m), 5);
        assertThat(json).contains("\"Cmd\": [").contains("\"Name\": \"overlay\"").contains("\"LowerDir\": ");
    }

    @Test
    void concurrentLoads_areSerialisedAndLeaveOneCopy() throws Exception {
        Path archive = busyboxArchive();
        List<Thread> threads = new java.util.ArrayList<>();
        java.util.concurrent.ConcurrentLinkedQueue<Throwable> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
        for (int i = 0; i < 4; i++) {
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    new ImageStore(paths).load(archive, null);
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(failures).isEmpty();
        assertThat(store.list()).hasSize(1);
        try (var s = Files.list(paths.layers())) {
            assertThat(s.count()).isEqualTo(2);
        }
        try (var s = Files.list(paths.tmp())) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void leftoversOfAKilledLoad_areCleanedByTheNextOne() throws Exception {
        Path stale = Files.createDirectories(paths.tmp().resolve("load-12345/0/diff"));
        Files.writeString(stale.resolve("half"), "written");
        store.load(busyboxArchive(), null);
        assertThat(paths.tmp().resolve("load-12345")).doesNotExist();
    }
}
