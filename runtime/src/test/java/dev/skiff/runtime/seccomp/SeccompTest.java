package dev.skiff.runtime.seccomp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.oci.json.Json;
import dev.skiff.runtime.SkiffException;
import dev.skiff.runtime.spec.Capabilities;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The compiled programs, run by a small classic-BPF interpreter over seccomp_data. */
class SeccompTest {
    private static final int ALLOW = 0x7fff0000;
    private static final int X86_64 = 0xc000003e;

    private static int errno(int e) {
        return 0x00050000 | e;
    }

    private static int nr(String name) {
        return Seccomp.table().get(name);
    }

    /** Runs PROG on a syscall NR of ARCH with ARGS; returns the seccomp action. */
    static int run(byte[] prog, int arch, int nr, long... args) {
        ByteBuffer data = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        data.putInt(0, nr).putInt(4, arch);
        for (int i = 0; i < args.length; i++) {
            data.putLong(16 + 8 * i, args[i]);
        }
        ByteBuffer p = ByteBuffer.wrap(prog).order(ByteOrder.LITTLE_ENDIAN);
        int acc = 0;
        int pc = 0;
        for (int steps = 0; steps < 100_000; steps++) {
            int code = p.getShort(pc * 8) & 0xffff;
            int jt = p.get(pc * 8 + 2) & 0xff;
            int jf = p.get(pc * 8 + 3) & 0xff;
            int k = p.getInt(pc * 8 + 4);
            switch (code) {
                case 0x20 -> { acc = data.getInt(k); pc++; }
                case 0x54 -> { acc &= k; pc++; }
                case 0x06 -> { return k; }
                case 0x05 -> pc += 1 + k;
                case 0x15 -> pc += 1 + (acc == k ? jt : jf);
                case 0x25 -> pc += 1 + (Integer.compareUnsigned(acc, k) > 0 ? jt : jf);
                case 0x35 -> pc += 1 + (Integer.compareUnsigned(acc, k) >= 0 ? jt : jf);
                default -> throw new AssertionError("unexpected instruction " + Integer.toHexString(code));
            }
        }
        throw new AssertionError("no return");
    }

    @Test
    void profileDigest_isTheDigestOfTheResourcesTheDefaultProgramIsCompiledFrom() throws Exception {
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        for (String resource : new String[] {"default.json", "syscalls-x86_64.txt", "syscalls-i386.txt"}) {
            try (java.io.InputStream in = Seccomp.class.getResourceAsStream(resource)) {
                sha.update(in.readAllBytes());
            }
        }
        String digest = java.util.HexFormat.of().formatHex(sha.digest(), 0, 12);

        assertThat(Seccomp.PROFILE_DIGEST)
                .as("Seccomp.PROFILE_DIGEST after a change to the profile or syscall tables: set it to " + digest)
                .isEqualTo(digest);
    }

    @Test
    void defaultProgram_isCompiledOnce_thenReadBackFromItsCache(@org.junit.jupiter.api.io.TempDir java.nio.file.Path cache)
            throws Exception {
        long caps = Capabilities.DEFAULT;
        byte[] first = Seccomp.defaultProgram(caps, cache);
        java.nio.file.Path file;
        try (var files = java.nio.file.Files.list(cache)) {
            file = files.filter(p -> p.getFileName().toString().endsWith(".bpf")).findFirst().orElseThrow();
        }
        assertThat(java.nio.file.Files.readAllBytes(file)).isEqualTo(first);

        java.nio.file.Files.write(file, new byte[] {6, 0, 0, 0, 0, 0, (byte) 0xff, 0x7f}); // a lone "allow"
        assertThat(Seccomp.defaultProgram(caps, cache)).as("read back, not compiled again").hasSize(8);
    }

    @Test
    void theDefaultProfile_allowsTheListed_refusesTheDangerousWithEperm_andTheUnknownWithEnosys() {
        byte[] prog = Seccomp.compile(Seccomp.defaultProfile(), Capabilities.DEFAULT, "default");

        assertThat(run(prog, X86_64, nr("read"))).isEqualTo(ALLOW);
        assertThat(run(prog, X86_64, nr("execve"))).isEqualTo(ALLOW);
        assertThat(run(prog, X86_64, nr("kexec_load"))).isEqualTo(errno(1));
        assertThat(run(prog, X86_64, nr("bpf"))).as("needs SYS_ADMIN").isEqualTo(errno(1));
        assertThat(run(prog, X86_64, 999)).isEqualTo(errno(38));
        assertThat(run(prog, X86_64, nr("personality"), 0)).isEqualTo(ALLOW);
        assertThat(run(prog, X86_64, nr("personality"), 0xffffffffL)).isEqualTo(ALLOW);
        assertThat(run(prog, X86_64, nr("personality"), 5)).isEqualTo(errno(38));
        assertThat(run(prog, X86_64, nr("socket"), 16, 3, 9)).as("netlink audit").isEqualTo(errno(22));
        assertThat(run(prog, X86_64, nr("socket"), 16, 3, 0)).isEqualTo(ALLOW);
        assertThat(run(prog, X86_64, nr("socket"), 2, 1, 9)).isEqualTo(ALLOW);
        assertThat(run(prog, X86_64, nr("read") | 0x40000000)).as("x32").isEqualTo(errno(38));
        // 32-bit programs: the same rules under i386's numbers (read 3, write 4, kexec_load 283)
        assertThat(run(prog, 0x40000003, 3)).as("i386 read").isEqualTo(ALLOW);
        assertThat(run(prog, 0x40000003, 4)).as("i386 write").isEqualTo(ALLOW);
        assertThat(run(prog, 0x40000003, 283)).as("i386 kexec_load").isEqualTo(errno(1));
        assertThat(run(prog, 0x40000003, 999)).as("i386 unknown").isEqualTo(errno(38));
        assertThat(run(prog, 0x40000028, 3)).as("another ABI (arm)").isEqualTo(errno(38));
    }

    @Test
    void capabilities_bringTheirSyscalls() {
        byte[] admin = Seccomp.compile(Seccomp.defaultProfile(), Capabilities.DEFAULT | Capabilities.mask("SYS_ADMIN"), "d");

        assertThat(run(admin, X86_64, nr("bpf"))).isEqualTo(ALLOW);
        assertThat(run(admin, X86_64, nr("kexec_load"))).isEqualTo(errno(1));
    }

    @Test
    void argumentComparisons_onSixtyFourBitValues() {
        JsonNode profile = Json.mapper().valueToTree(java.util.Map.of(
                "defaultAction", "SCMP_ACT_ALLOW",
                "syscalls", java.util.List.of(
                        java.util.Map.of("names", java.util.List.of("write"), "action", "SCMP_ACT_ERRNO",
                                "errnoRet", 13, "args", java.util.List.of(
                                        java.util.Map.of("index", 2, "value", 0x100000000L, "op", "SCMP_CMP_GE"))),
                        java.util.Map.of("names", java.util.List.of("read"), "action", "SCMP_ACT_KILL_PROCESS",
                                "args", java.util.List.of(
                                        java.util.Map.of("index", 0, "value", 0xf0, "valueTwo", 0x10,
                                                "op", "SCMP_CMP_MASKED_EQ"),
                                        java.util.Map.of("index", 1, "value", 7, "op", "SCMP_CMP_LT"))))));
        byte[] prog = Seccomp.compile(profile, 0, "test");

        assertThat(run(prog, X86_64, nr("write"), 1, 0, 0xffffffffL)).isEqualTo(ALLOW);
        assertThat(run(prog, X86_64, nr("write"), 1, 0, 0x100000000L)).isEqualTo(errno(13));
        assertThat(run(prog, X86_64, nr("write"), 1, 0, 0x200000001L)).isEqualTo(errno(13));
        assertThat(run(prog, X86_64, nr("read"), 0x13, 6)).isEqualTo(0x80000000);
        assertThat(run(prog, X86_64, nr("read"), 0x13, 7)).isEqualTo(ALLOW);
        assertThat(run(prog, X86_64, nr("read"), 0x23, 1)).isEqualTo(ALLOW);
        assertThat(run(prog, X86_64, nr("read"), 0x100000013L, 1)).as("high word of a masked value").isEqualTo(0x80000000);
    }

    @Test
    void badProfiles_areRefusedNamingTheProblem() {
        JsonNode badAction = Json.mapper().valueToTree(java.util.Map.of("defaultAction", "SCMP_ACT_DANCE"));
        assertThatThrownBy(() -> Seccomp.compile(badAction, 0, "p.json"))
                .isInstanceOf(SkiffException.class).hasMessageContaining("SCMP_ACT_DANCE");
    }
}
