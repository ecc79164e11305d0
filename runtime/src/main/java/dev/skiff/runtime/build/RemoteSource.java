package dev.skiff.runtime.build;

import dev.skiff.oci.digest.DigestingInputStream;
import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.archive.EntryPaths;
import dev.skiff.runtime.storage.TempPaths;
import dev.skiff.runtime.sys.SafeDir;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

/**
 * `ADD URL`: the file fetched once per build into the store's tmp/, its digest part of the cache
 * key (and checked against `--checksum`), copied as a file of mode 0600 named after the URL's
 * last path component; never extracted, as docker does.
 */
final class RemoteSource implements CopySource {
    private final Path file;
    private final String name;
    private final String sha256;

    private RemoteSource(Path file, String name, String sha256) {
        this.file = file;
        this.name = name;
        this.sha256 = sha256;
    }

    static RemoteSource fetch(StageBuild s, Instruction i, String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw s.error(i, "ADD " + url + ": not a URL: " + e.getMessage());
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
        String name = path.isEmpty() ? "index.html" : path.substring(path.lastIndexOf('/') + 1);
        try {
            Path file = TempPaths.file(s.b.downloadDir(), "add-", ".download");
            HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(Duration.ofSeconds(30)).build();
            HttpResponse<Path> r = client.send(HttpRequest.newBuilder(uri).GET().build(),
                    HttpResponse.BodyHandlers.ofFile(file));
            if (r.statusCode() != 200) {
                Files.deleteIfExists(file);
                throw s.error(i, "ADD " + url + ": the server answered " + r.statusCode());
            }
            String sha;
            try (DigestingInputStream in = new DigestingInputStream(Files.newInputStream(file))) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
                sha = in.digest().hex();
            }
            String checksum = i.flag("checksum");
            if (checksum != null && !checksum.equals("sha256:" + sha)) {
                Files.deleteIfExists(file);
                throw s.error(i, "ADD " + url + ": checksum is sha256:" + sha + ", --checksum expects " + checksum);
            }
            return new RemoteSource(file, name, sha);
        } catch (IOException e) {
            throw s.error(i, "ADD " + url + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SkiffException("ADD " + url + ": interrupted", e);
        }
    }

    String sha256() {
        return sha256;
    }

    @Override
    public void copy(SafeDir root, String dest, boolean intoDir, CopyStep.Attributes a) throws IOException {
        String dir = CopyStep.destination(root, dest, intoDir, a);
        String as = intoDir ? name : EntryPaths.baseName(dest);
        long size = Files.size(file);
        CopyStep.extract(root, dir, out -> {
            TarArchiveEntry e = new TarArchiveEntry(as);
            e.setSize(size);
            e.setMode(0100600);
            e.setModTime(FileTime.from(Files.getLastModifiedTime(file).toInstant()));
            out.putArchiveEntry(e);
            try (InputStream in = Files.newInputStream(file)) {
                in.transferTo(out);
            }
            out.closeArchiveEntry();
        }, a);
    }
}
