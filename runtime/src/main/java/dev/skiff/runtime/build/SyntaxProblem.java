package dev.skiff.runtime.build;

/** A Dockerfile syntax error found below the parser, told as what is wrong and how to fix it. */
final class SyntaxProblem extends IllegalArgumentException {
    private final String problem;
    private final String fix;

    SyntaxProblem(String problem, String fix) {
        super(problem + "; " + fix);
        this.problem = problem;
        this.fix = fix;
    }

    String problem() {
        return problem;
    }

    String fix() {
        return fix;
    }
}
