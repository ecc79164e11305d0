package dev.skiff.runtime.seccomp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.oci.json.Json;
import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.spec.Capabilities;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Seccomp profiles in the OCI/Docker JSON format (the one podman reads), compiled here into a
 * classic BPF program for x86_64 that skiff-shim only loads. A rule applies to the syscalls it
 * names when the container's capabilities match its {@code includes}/{@code excludes}; rules
 * are tried in file order, the first whose argument conditions hold decides, and anything
 * else gets the default action. Other architectures (i386, x32 calls) get the default action.
 */
public final class Seccomp {
    private static final int AUDIT_ARCH_X86_64 = 0xc000003e;
    private static final int AUDIT_ARCH_I386 = 0x40000003;
    private static final int JA = 0x05;
    private static final int X32_SYSCALL_BIT = 0x40000000;
    private static final int LD_W_ABS = 0x20;
    private static final int JEQ = 0x15;
    private static final int JGT = 0x25;
    private static final int JGE = 0x35;
    private static final int AND = 0x54;
    private static final int RET = 0x06;
    private static final int MAX_INSTRUCTIONS = 4096;

    /** One BPF instruction; JT and JF are relative jumps, FAIL (-1) in JF means "to the end of this rule". */
    private record Insn(int code, int jt, int jf, int k) {}

    private static volatile Map<String, Integer> syscalls;
    private static volatile Map<String, Integer> syscalls32;

    private Seccomp() {}

    /** Changes with anything in {@link #compile} that changes its output: cached programs then go stale. */
    private static final String COMPILER_REVISION = "2";

    /**
     * SHA-256 (first 12 bytes) of the three resources the default program is compiled from:
     * default.json, syscalls-x86_64.txt and syscalls-i386.txt, in that order. Kept as a constant
     * because reading the resources back to hash them opens the runtime jar on every container's
     * start; SeccompTest fails when a resource changes and this does not.
     */
    static final String PROFILE_DIGEST = "3cb4fe08703e4f656251fb7e";

    /**
     * The default profile compiled for CAPS, kept in CACHE_DIR (one program per capability set
     * and build of the profile and compiler): later containers read the program back instead of
     * parsing and compiling the profile again, which costs a JSON parser's start every run.
     */
    public static byte[] defaultProgram(long caps, Path cacheDir) {
        String key = Long.toHexString(caps) + "-" + PROFILE_DIGEST + "r" + COMPILER_REVISION;
        Path file = cacheDir.resolve("default-" + key + ".bpf");
        try {
            byte[] cached = Files.readAllBytes(file);
            if (cached.length > 0 && cached.length % 8 == 0) {
                return cached;
            }
        } catch (IOException e) {
            // not compiled yet for these capabilities
        }
        byte[] program = compile(defaultProfile(), caps, "the default seccomp profile");
        String current = key.substring(key.indexOf('-')) + ".bpf";
        try {
            Files.createDirectories(cacheDir);
            dev.skiff.runtime.storage.AtomicFiles.write(file, program);
            // programs of an earlier build of the profile or compiler are never read again
            try (var old = Files.newDirectoryStream(cacheDir, "default-*.bpf")) {
                for (Path p : old) {
                    if (!p.getFileName().toString().endsWith(current)) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException e) {
            // the next container compiles it again
        }
        return program;
    }

    /** Podman's default profile, as skiff carries it. */
    public static JsonNode defaultProfile() {
        try (InputStream in = Seccomp.class.getResourceAsStream("default.json")) {
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("skiff's default seccomp profile is missing", e);
        }
    }

    /** The profile in FILE (`--security-opt seccomp=FILE`). */
    public static JsonNode profile(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length > Json.MAX_DOCUMENT) {
                throw new SkiffException("seccomp profile `" + file + "` is larger than 4 MiB");
            }
            return Json.mapper().readTree(bytes);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new SkiffException("seccomp profile `" + file + "`: no such file", e);
        } catch (IOException e) {
            throw new SkiffException("seccomp profile `" + file + "`: " + String.valueOf(e.getMessage()).lines()
                    .findFirst().orElse("unreadable"), e);
        }
    }

    /**
     * Compiles PROFILE for a container whose capabilities (bounding set) are CAPS: one section for
     * x86_64 and one for i386 (32-bit programs), each the profile's rules under that ABI's
     * system call numbers, as libseccomp does for podman on amd64; x32 and other ABIs get the
     * default action.
     */
    public static byte[] compile(JsonNode profile, long caps, String what) {
        int fallback = action(profile.path("defaultAction").asText(""), profile.path("defaultErrnoRet"), what);
        List<Insn> x86_64 = section(profile, caps, table(), false, fallback, what);
        List<Insn> i386 = section(profile, caps, table32(), true, fallback, what);
        List<Insn> prog = new ArrayList<>();
        prog.add(new Insn(LD_W_ABS, 0, 0, 4));
        prog.add(new Insn(JEQ, 0, 1, AUDIT_ARCH_I386));
        prog.add(new Insn(JA, 0, 0, 5 + x86_64.size())); // over the rest of this head and the x86_64 section
        prog.add(new Insn(JEQ, 1, 0, AUDIT_ARCH_X86_64));
        prog.add(new Insn(RET, 0, 0, fallback));
        prog.add(new Insn(LD_W_ABS, 0, 0, 0));
        prog.add(new Insn(JGE, 0, 1, X32_SYSCALL_BIT));
        prog.add(new Insn(RET, 0, 0, fallback));
        prog.addAll(x86_64);
        prog.add(new Insn(LD_W_ABS, 0, 0, 0));
        prog.addAll(i386);
        if (prog.size() > MAX_INSTRUCTIONS) {
            throw new SkiffException(what + ": compiles to " + prog.size() + " BPF instructions, more than the kernel's "
                    + MAX_INSTRUCTIONS);
        }
        ByteBuffer out = ByteBuffer.allocate(prog.size() * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (Insn i : prog) {
            out.putShort((short) i.code()).put((byte) i.jt()).put((byte) i.jf()).putInt(i.k());
        }
        return out.array();
    }

    /**
     * The rules of PROFILE that apply to CAPS, with the system call number (already loaded) looked
     * up in NUMBERS: a block per system call, then the default action.
     */
    private static List<Insn> section(JsonNode profile, long caps, Map<String, Integer> numbers, boolean i386,
                                      int fallback, String what) {
        Map<Integer, List<List<Insn>>> bySyscall = new LinkedHashMap<>();
        for (JsonNode rule : profile.path("syscalls")) {
            if (!applies(rule.path("includes").path("caps"), caps, true, what)
                    || !applies(rule.path("excludes").path("caps"), caps, false, what)
                    || !archApplies(rule.path("includes").path("arches"), i386)) {
                continue;
            }
            List<Insn> body = rule(rule, what);
            JsonNode names = rule.has("names") ? rule.path("names") : Json.mapper().createArrayNode().add(rule.path("name"));
            for (JsonNode name : names) {
                Integer nr = numbers.get(name.asText());
                if (nr != null) { // a syscall this ABI does not have
                    bySyscall.computeIfAbsent(nr, n -> new ArrayList<>()).add(body);
                }
            }
        }
        List<Insn> prog = new ArrayList<>();
        for (Map.Entry<Integer, List<List<Insn>>> e : bySyscall.entrySet()) {
            List<Insn> block = new ArrayList<>();
            for (List<Insn> rule : e.getValue()) {
                block.addAll(rule);
                if (rule.size() == 1) {
                    break; // unconditional: the rules after it never decide
                }
            }
            if (e.getValue().stream().noneMatch(r -> r.size() == 1)) {
                block.add(new Insn(RET, 0, 0, fallback)); // the syscall matched but none of its conditions
            }
            if (block.size() > 255) {
                throw new SkiffException(what + ": the rules for syscall " + e.getKey() + " are too long to compile");
            }
            prog.add(new Insn(JEQ, 0, block.size(), e.getKey()));
            prog.addAll(block);
        }
        prog.add(new Insn(RET, 0, 0, fallback));
        return prog;
    }

    /**
     * One rule's code: its argument conditions, each jumping to the rule's end when it fails
     * (where the next rule or the block's default starts), then RET with its action.
     */
    private static List<Insn> rule(JsonNode rule, String what) {
        List<List<Insn>> conditions = new ArrayList<>();
        for (JsonNode arg : rule.path("args")) {
            conditions.add(condition(arg, what));
        }
        List<Insn> out = new ArrayList<>();
        int total = conditions.stream().mapToInt(List::size).sum();
        for (List<Insn> c : conditions) {
            for (Insn i : c) {
                int remaining = total - out.size() - 1; // instructions after this one before the RET
                int toEnd = remaining + 1; // past the RET: the rule's end
                out.add(new Insn(i.code(), i.jt() == -1 ? toEnd : i.jt(), i.jf() == -1 ? toEnd : i.jf(), i.k()));
            }
        }
        out.add(new Insn(RET, 0, 0, action(rule.path("action").asText(""), rule.path("errnoRet"), what)));
        return out;
    }

    /** One argument condition; -1 in a jump means "the condition failed". Falling through means it held. */
    private static List<Insn> condition(JsonNode arg, String what) {
        int index = arg.path("index").asInt(-1);
        if (index < 0 || index > 5) {
            throw new SkiffException(what + ": argument index " + arg.path("index") + " is not 0 to 5");
        }
        long value = arg.path("value").asLong();
        long two = arg.path("valueTwo").asLong();
        int lo = 16 + 8 * index;
        int hi = lo + 4;
        String op = arg.path("op").asText("");
        return switch (op) {
            case "SCMP_CMP_EQ" -> List.of(load(hi), new Insn(JEQ, 0, -1, high(value)), load(lo),
                    new Insn(JEQ, 0, -1, (int) value));
            case "SCMP_CMP_NE" -> List.of(load(hi), new Insn(JEQ, 0, 2, high(value)), load(lo),
                    new Insn(JEQ, -1, 0, (int) value));
            case "SCMP_CMP_MASKED_EQ" -> List.of(load(hi), new Insn(AND, 0, 0, high(value)),
                    new Insn(JEQ, 0, -1, high(two)), load(lo), new Insn(AND, 0, 0, (int) value),
                    new Insn(JEQ, 0, -1, (int) two));
            // unsigned 64-bit order: the high words decide unless equal, then the low words
            case "SCMP_CMP_GT", "SCMP_CMP_GE" -> List.of(load(hi), new Insn(JGT, 3, 0, high(value)),
                    new Insn(JEQ, 0, -1, high(value)), load(lo),
                    new Insn(op.equals("SCMP_CMP_GT") ? JGT : JGE, 0, -1, (int) value));
            case "SCMP_CMP_LT", "SCMP_CMP_LE" -> List.of(load(hi), new Insn(JGT, -1, 0, high(value)),
                    new Insn(JEQ, 0, 2, high(value)), load(lo),
                    new Insn(op.equals("SCMP_CMP_LT") ? JGE : JGT, -1, 0, (int) value));
            default -> throw new SkiffException(what + ": unknown argument comparison `" + op + "`");
        };
    }

    private static Insn load(int offset) {
        return new Insn(LD_W_ABS, 0, 0, offset);
    }

    private static int high(long v) {
        return (int) (v >>> 32);
    }

    /** The seccomp return value of a profile action. */
    private static int action(String name, JsonNode errno, String what) {
        int e = errno.isNumber() ? errno.asInt() : 1; // EPERM, as libseccomp's default for SCMP_ACT_ERRNO
        return switch (name) {
            case "SCMP_ACT_ALLOW" -> 0x7fff0000;
            case "SCMP_ACT_ERRNO" -> 0x00050000 | (e & 0xffff);
            case "SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD" -> 0x00000000;
            case "SCMP_ACT_KILL_PROCESS" -> 0x80000000;
            case "SCMP_ACT_TRAP" -> 0x00030000;
            case "SCMP_ACT_LOG" -> 0x7ffc0000;
            case "SCMP_ACT_TRACE" -> 0x7ff00000 | (e & 0xffff);
            default -> throw new SkiffException(what + ": unknown action `" + name + "`");
        };
    }

    private static boolean applies(JsonNode capNames, long caps, boolean include, String what) {
        for (JsonNode c : capNames) {
            long bit;
            try {
                bit = 1L << Capabilities.bit(c.asText());
            } catch (IllegalArgumentException e) {
                throw new SkiffException(what + ": unknown capability `" + c.asText() + "`");
            }
            boolean has = (caps & bit) != 0;
            if (has != include) {
                return false;
            }
        }
        return true;
    }

    /** Whether a rule limited to ARCHES (none: every one) applies to x86_64, or with I386 to i386. */
    private static boolean archApplies(JsonNode arches, boolean i386) {
        if (arches.isEmpty()) {
            return true;
        }
        List<String> names = i386 ? List.of("x86", "i386", "386", "scmp_arch_x86")
                : List.of("amd64", "x86_64", "scmp_arch_x86_64");
        for (JsonNode a : arches) {
            if (names.contains(a.asText().toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /** x86_64 system call numbers by name. */
    static Map<String, Integer> table() {
        Map<String, Integer> t = syscalls;
        if (t == null) {
            t = readTable("syscalls-x86_64.txt");
            syscalls = t;
        }
        return t;
    }

    /** i386 system call numbers by name. */
    static Map<String, Integer> table32() {
        Map<String, Integer> t = syscalls32;
        if (t == null) {
            t = readTable("syscalls-i386.txt");
            syscalls32 = t;
        }
        return t;
    }

    private static Map<String, Integer> readTable(String resource) {
        Map<String, Integer> t = new HashMap<>();
        try (InputStream in = Seccomp.class.getResourceAsStream(resource)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] f = line.split(" ");
                    t.put(f[0], Integer.parseInt(f[1]));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("skiff's system call table " + resource + " is missing", e);
        }
        return t;
    }
}
