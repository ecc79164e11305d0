package dev.skiff.runtime.build;

import java.util.Objects;

/**
 * A here-document attached to RUN, COPY or ADD: its delimiter word, its body ({@code \n} after every line; leading
 * tabs already removed for {@code <<-}), whether variables in the body are to be expanded (not when any part of the
 * delimiter was quoted) and whether it was the {@code <<-} form.
 */
public record Heredoc(String name, String content, boolean expand, boolean chomp) {
    public Heredoc {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(content, "content");
    }
}
