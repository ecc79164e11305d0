package dev.skiff.runtime.build;

import static dev.skiff.runtime.build.DockerfileParserTest.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Instructions whose arguments docker refuses, and ones it accepts. */
class DockerfileChecksTest {
    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("FROM", "FROM requires either one or three arguments;"
                        + " write `FROM image` or `FROM image AS name`"),
                Arguments.of("FROM a b", "FROM requires either one or three arguments;"
                        + " write `FROM image` or `FROM image AS name`"),
                Arguments.of("FROM a AS b c", "FROM requires either one or three arguments;"
                        + " write `FROM image` or `FROM image AS name`"),
                Arguments.of("FROM a TO b", "FROM requires either one or three arguments;"
                        + " write `FROM image` or `FROM image AS name`"),
                Arguments.of("FROM a AS 1st", "invalid build stage name `1st`;"
                        + " start it with a letter and use only letters, digits, `-`, `_` and `.`"),
                Arguments.of("FROM a AS b/c", "invalid build stage name `b/c`;"
                        + " start it with a letter and use only letters, digits, `-`, `_` and `.`"),
                Arguments.of("COPY onlyone", "COPY requires at least two arguments, but only 1 was given;"
                        + " name the sources and then the destination, as in `COPY src /dest/`"),
                Arguments.of("COPY [\"a\"]", "COPY requires at least two arguments, but only 1 was given;"
                        + " name the sources and then the destination, as in `COPY src /dest/`"),
                Arguments.of("ADD", "ADD requires at least two arguments, but only 0 were given;"
                        + " name the sources and then the destination, as in `ADD src /dest/`"),
                Arguments.of("COPY --from=x", "COPY requires at least two arguments, but only 0 were given;"
                        + " name the sources and then the destination, as in `COPY src /dest/`"),
                Arguments.of("ENV", "ENV requires at least one argument; write `ENV NAME=value`"),
                Arguments.of("ENV A", "ENV `A` has a name but no value; write `A=value`"),
                Arguments.of("ENV A=1 B", "ENV `B` is not of the form name=value;"
                        + " write `B=value`, or quote or escape the blanks in the value before it"),
                Arguments.of("ENV =x", "ENV `=x` has a blank name; put a name before the `=`"),
                Arguments.of("LABEL", "LABEL requires at least one argument; write `LABEL NAME=value`"),
                Arguments.of("LABEL a=b c", "LABEL `c` is not of the form name=value;"
                        + " write `c=value`, or quote or escape the blanks in the value before it"),
                Arguments.of("ARG", "ARG requires at least one argument; write `ARG NAME or NAME=default`"),
                Arguments.of("ARG =x", "ARG `=x` has a blank name; put a name before the `=`"),
                Arguments.of("MAINTAINER", "MAINTAINER requires exactly one argument; write `MAINTAINER name`"),
                Arguments.of("WORKDIR", "WORKDIR requires exactly one argument; write `WORKDIR /path`"),
                Arguments.of("USER", "USER requires exactly one argument; write `USER user[:group]`"),
                Arguments.of("STOPSIGNAL", "STOPSIGNAL requires exactly one argument; write `STOPSIGNAL SIGTERM`"),
                Arguments.of("EXPOSE", "EXPOSE requires at least one argument; write `EXPOSE 80/tcp`"),
                Arguments.of("VOLUME", "VOLUME requires at least one argument; write `VOLUME /data`"),
                Arguments.of("VOLUME []", "VOLUME requires at least one argument; write `VOLUME /data`"),
                Arguments.of("VOLUME [\"/a\", \" \"]", "VOLUME names an empty path;"
                        + " give each volume a path, as in `VOLUME /data`"),
                Arguments.of("SHELL", "SHELL requires at least one argument; write `SHELL [\"/bin/sh\", \"-c\"]`"),
                Arguments.of("SHELL []", "SHELL requires at least one argument; write `SHELL [\"/bin/sh\", \"-c\"]`"),
                Arguments.of("SHELL /bin/sh -c", "SHELL requires the arguments to be in JSON form;"
                        + " write `SHELL [\"/bin/sh\", \"-c\"]`"),
                Arguments.of("HEALTHCHECK", "HEALTHCHECK requires at least one argument;"
                        + " write `HEALTHCHECK CMD curl -f http://localhost/`"),
                Arguments.of("HEALTHCHECK CMD", "HEALTHCHECK CMD has no command;"
                        + " write the command after CMD, as in `HEALTHCHECK CMD curl -f http://localhost/`"),
                Arguments.of("HEALTHCHECK --interval=5s CMD []", "HEALTHCHECK CMD has no command;"
                        + " write the command after CMD, as in `HEALTHCHECK CMD curl -f http://localhost/`"),
                Arguments.of("HEALTHCHECK NONE x", "HEALTHCHECK NONE takes no arguments; write just `HEALTHCHECK NONE`"),
                Arguments.of("HEALTHCHECK CONNECT TCP 7000", "unknown HEALTHCHECK type `CONNECT`;"
                        + " use `HEALTHCHECK CMD command` or `HEALTHCHECK NONE`"),
                Arguments.of("ONBUILD", "ONBUILD requires at least one argument; write `ONBUILD RUN make`"),
                Arguments.of("ONBUILD ONBUILD RUN x", "`ONBUILD ONBUILD` is not allowed;"
                        + " give ONBUILD a single instruction"),
                Arguments.of("ONBUILD from a", "FROM is not allowed as an ONBUILD trigger; move it out of ONBUILD"),
                Arguments.of("ONBUILD MAINTAINER me", "MAINTAINER is not allowed as an ONBUILD trigger;"
                        + " move it out of ONBUILD"),
                Arguments.of("\\", "the line holds only a line continuation;"
                        + " remove the trailing escape character"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void instructionsOfTheWrongShape_areRefusedWithTheirLine(String instruction, String message) {
        assertThatThrownBy(() -> parse("FROM base\n" + instruction + "\n")).isInstanceOf(DockerfileException.class)
                .hasMessage("Dockerfile:2: " + message);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"RUN", "CMD", "ENTRYPOINT", "FROM a AS Build-1.x_y", "FROM a as b", "ARG a b=c",
            "ENV A b c", "ENV A=1 B=\"2 3\"", "LABEL a=b", "STOPSIGNAL 9", "HEALTHCHECK none",
            "HEALTHCHECK NONE []", "HEALTHCHECK cmd true", "EXPOSE 80 443/udp", "VOLUME /a /b", "COPY <<EOF /x\nEOF",
            "ONBUILD RUNN x", "SHELL [\"cmd\", \"/S\", \"/C\"]", "COPY [\"a\", \"b\"]", "USER 1000:1000"})
    void instructionsDockerAccepts_pass(String instruction) {
        assertThat(parse("FROM base\n" + instruction + "\n").instructions()).hasSize(2);
    }
}
