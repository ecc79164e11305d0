package dev.skiff.runtime.build;

/**
 * A here-document of RUN, COPY or ADD.
 *
 * @param name    its delimiter word
 * @param content its body, each line ending in a newline (leading tabs gone for `<<-`)
 * @param expand  whether variables in it are expanded (false when the delimiter was quoted)
 * @param chomp   whether it was written `<<-`
 */
public record Heredoc(String name, String content, boolean expand, boolean chomp) {}
