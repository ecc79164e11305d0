package dev.skiff.runtime.image;

import dev.skiff.oci.digest.Digest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Chain ids of a layer stack: chain(L0) = diff(L0); chain(Ln) = sha256(chain(Ln-1) + " " + diff(Ln)). */
public final class ChainIds {
    private ChainIds() {}

    /** The chain ids (hex) of layers with these diff ids, bottom to top. */
    public static List<String> of(List<Digest> diffIds) {
        List<String> out = new ArrayList<>(diffIds.size());
        Digest chain = null;
        for (Digest diff : diffIds) {
            chain = chain == null ? diff
                    : Digest.of((chain + " " + diff).getBytes(StandardCharsets.US_ASCII));
            out.add(chain.hex());
        }
        return out;
    }
}
