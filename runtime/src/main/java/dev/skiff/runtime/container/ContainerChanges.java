package dev.skiff.runtime.container;

import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.archive.OverlayTrees;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** What a container's file system holds: its changes to its image (`diff`), and all of it (`export`). */
public final class ContainerChanges {
    /** Mount points skiff creates in a container when its image lacks them: not changes of the container's own. */
    static final Set<String> MOUNT_POINTS = Set.of("/dev", "/proc", "/sys", "/etc/hostname", "/etc/hosts",
            "/etc/resolv.conf");

    private static final long NOBODY = 65534;

    private ContainerChanges() {}

    /** The paths the container added, changed or deleted, sorted. */
    public static List<OverlayTrees.Change> diff(ContainerDir c) {
        List<java.nio.file.Path> files = c.filesTopFirst();
        try {
            return OverlayTrees.changes(files.getFirst(), files.subList(1, files.size()), MOUNT_POINTS);
        } catch (IOException e) {
            throw new SkiffException("diff of container " + c.name() + ": " + e.getMessage(), e);
        }
    }

    /** Writes the container's whole file system as a tar stream to OUT. */
    public static void export(ContainerDir c, OutputStream out) {
        try {
            TarArchiveOutputStream tar = tarStream(out, c.userns());
            OverlayTrees.merged(c.filesTopFirst(), tar);
            tar.finish();
            tar.flush();
        } catch (IOException e) {
            throw new SkiffException("export of container " + c.name() + ": " + e.getMessage(), e);
        }
    }

    /** A tar stream as skiff writes them: POSIX long names and big numbers, PAX for non-ASCII names. */
    public static TarArchiveOutputStream tarStream(OutputStream out) {
        return tarStream(out, java.util.Optional.empty());
    }

    /**
     * A tar stream of files of a container with user namespace USERNS (when present): their
     * owners, ids of skiff's namespace on disk, written as the container's own ids (those the
     * namespace does not map as nobody, 65534).
     */
    static TarArchiveOutputStream tarStream(OutputStream out, java.util.Optional<IdMap> userns) {
        TarArchiveOutputStream tar = userns.isEmpty() ? new TarArchiveOutputStream(out) : new TarArchiveOutputStream(out) {
            @Override
            public void putArchiveEntry(org.apache.commons.compress.archivers.tar.TarArchiveEntry e) throws IOException {
                long uid = userns.get().insideUid(e.getLongUserId());
                long gid = userns.get().insideGid(e.getLongGroupId());
                e.setUserId(uid >= 0 ? uid : NOBODY);
                e.setGroupId(gid >= 0 ? gid : NOBODY);
                super.putArchiveEntry(e);
            }
        };
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        return tar;
    }
}
