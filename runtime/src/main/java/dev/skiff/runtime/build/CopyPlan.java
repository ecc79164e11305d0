package dev.skiff.runtime.build;

import dev.skiff.runtime.archive.EntryPaths;
import dev.skiff.runtime.container.ImageUser;
import dev.skiff.runtime.sys.SafeDir;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * COPY and ADD: which sources (build context paths, heredocs, another stage's or image's paths,
 * ADD's URLs and archives), where they go (docker's rules for a destination that is or must be a
 * directory), with what owner and mode, and the cache key: the content and metadata of exactly
 * the files copied.
 */
final class CopyPlan {
    private static final Set<String> COPY_FLAGS = Set.of("from", "chown", "chmod", "link");
    private static final Set<String> ADD_FLAGS = Set.of("chown", "chmod", "link", "checksum", "keep-git-dir");

    private CopyPlan() {}

    static StageBuild.Step prepare(StageBuild s, Instruction i) {
        boolean add = i.keyword().equals("ADD");
        for (String f : i.flags()) {
            String name = f.contains("=") ? f.substring(0, f.indexOf('=')) : f;
            if (!(add ? ADD_FLAGS : COPY_FLAGS).contains(name)) {
                throw s.error(i, i.keyword() + " --" + name + ": unknown flag; " + i.keyword() + " takes "
                        + (add ? "--chown, --chmod, --checksum and --link" : "--from, --chown, --chmod and --link"));
            }
        }
        List<String> args = i.json() != null ? i.json().stream().map(a -> s.expand(i, a)).toList() : s.words(i);
        if (args.size() < 2) {
            throw s.error(i, i.keyword() + " needs a source and a destination, e.g. `" + i.keyword() + " app.py /app/`");
        }
        String destWord = args.getLast();
        String dest = destWord.startsWith("/") ? destWord : s.workdir().replaceAll("/+$", "") + "/" + destWord;
        boolean destIsDirHint = destWord.endsWith("/") || destWord.endsWith("/.") || destWord.equals(".");
        List<String> sourceWords = args.subList(0, args.size() - 1);
        StringBuilder key = new StringBuilder();
        List<CopySource> sources = new ArrayList<>();
        String from = i.flag("from") == null ? null : s.expand(i, i.flag("from"));
        if (from != null) {
            String image = s.imageFrom(i, "COPY --from", from);
            key.append("from:").append(image).append('\0');
            for (String w : sourceWords) {
                sources.add(new OtherImageSource(s.b, image, w));
            }
        } else {
            List<String> contextPaths = new ArrayList<>();
            for (String w : sourceWords) {
                Heredoc h = heredoc(i, w);
                if (h != null) {
                    String content = h.expand() ? s.expand(i, h.content()) : h.content();
                    key.append("heredoc:").append(h.name()).append('\0').append(content).append('\0');
                    sources.add(new HeredocSource(h.name(), content));
                } else if (add && (w.startsWith("http://") || w.startsWith("https://"))) {
                    RemoteSource r = RemoteSource.fetch(s, i, w);
                    key.append("url:").append(w).append('\0').append(r.sha256()).append('\0');
                    sources.add(r);
                } else {
                    List<String> matched = s.b.context.match(w);
                    contextPaths.addAll(matched);
                    for (String m : matched) {
                        sources.add(new ContextSource(s.b.context, m, add));
                    }
                }
            }
            if (!contextPaths.isEmpty()) {
                key.append("context:").append(s.b.context.hash(contextPaths)).append('\0');
            }
        }
        boolean many = sources.size() > 1 || sourceWords.stream().anyMatch(w -> w.matches(".*[*?\\[].*"));
        if (sources.size() > 1 && !destIsDirHint) {
            throw s.error(i, "when " + i.keyword() + " has more than one source, the destination must be a directory "
                    + "and end with a /");
        }
        String chown = i.flag("chown") == null ? null : s.expand(i, i.flag("chown"));
        String chmod = i.flag("chmod");
        int mode = chmod == null ? -1 : parseMode(s, i, chmod);
        key.append("chown:").append(chown).append("\0chmod:").append(mode);
        String createdBy = "/bin/sh -c #(nop) " + i.original();
        return new StageBuild.Step() {
            @Override
            public String keyParts() {
                return key.toString();
            }

            @Override
            public String make() {
                return WorkingContainer.withMounted(s, (root, dir) -> {
                    CopyStep.Attributes a = attributes(s, i, chown, mode, dir.rootfs(), from != null);
                    String d = dest.replaceAll("/+$", "").replaceAll("/\\.$", "");
                    boolean intoDir = destIsDirHint || many || CopyStep.isDirectory(root, d);
                    for (CopySource src : sources) {
                        src.copy(root, d, intoDir, a);
                    }
                }, s.docCopy(), createdBy);
            }
        };
    }

    private static Heredoc heredoc(Instruction i, String word) {
        if (!word.startsWith("<<")) {
            return null;
        }
        String name = word.replaceFirst("^<<-?", "").replaceAll("^[\"']|[\"']$", "");
        return i.heredocs().stream().filter(h -> h.name().equals(name)).findFirst().orElse(null);
    }

    /** `--chown=user[:group]` resolved in the image (a name alone: its uid as gid too, as docker); else root. */
    private static CopyStep.Attributes attributes(StageBuild s, Instruction i, String chown, int mode, Path rootfs,
                                                 boolean keepOwners) {
        if (chown == null) {
            return keepOwners ? new CopyStep.Attributes(-1, -1, mode) : new CopyStep.Attributes(0, 0, mode);
        }
        try {
            ImageUser users = new ImageUser(List.of(rootfs));
            int colon = chown.indexOf(':');
            String user = colon < 0 ? chown : chown.substring(0, colon);
            long uid = user.matches("[0-9]+") ? Long.parseLong(user) : users.resolve(user).uid();
            long gid = colon < 0 ? uid : chown.substring(colon + 1).matches("[0-9]+")
                    ? Long.parseLong(chown.substring(colon + 1)) : users.groupId(chown.substring(colon + 1));
            return new CopyStep.Attributes(uid, gid, mode);
        } catch (RuntimeException e) {
            throw s.error(i, "--chown=" + chown + ": " + e.getMessage());
        }
    }

    private static int parseMode(StageBuild s, Instruction i, String chmod) {
        if (!chmod.matches("[0-7]{3,4}")) {
            throw s.error(i, "--chmod=" + chmod + ": expected octal bits such as 755 or 0644");
        }
        return Integer.parseInt(chmod, 8);
    }

    /** A heredoc's body as a file of mode 0644. */
    private record HeredocSource(String name, String content) implements CopySource {
        @Override
        public void copy(SafeDir root, String dest, boolean intoDir, CopyStep.Attributes a) throws IOException {
            String dir = CopyStep.destination(root, dest, intoDir, a);
            CopyStep.extract(root, dir, CopyStep.file(intoDir ? name : EntryPaths.baseName(dest), content), a);
        }
    }
}
