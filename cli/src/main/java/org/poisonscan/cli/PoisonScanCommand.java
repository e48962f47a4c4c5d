package org.poisonscan.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code poisonscan} command. Exit codes: 0 when a command completed (whatever a scan found), 2 on bad usage or
 * bad input (with a message on stderr naming the file, array or row and the reason), 1 on an internal error. No stack
 * trace is printed unless {@code POISONSCAN_DEBUG=1} is set.
 */
@Command(name = "poisonscan", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Finds poisoned training data and backdoors from model activations.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the command completed (whatever a scan found)", "1:internal error (one line on stderr)",
            "2:bad usage or bad input (the reason on stderr, naming the file, row or option)",
            "3:scan only: a gate option failed (--fail-if-poisoned, --max-flagged)"},
        subcommands = {ScanCommand.class, SplitCommand.class, GenerateCommand.class, DemoCommand.class,
            DoctorCommand.class, BenchCommand.class, TriggersCommand.class,
            CommandLine.HelpCommand.class})
public final class PoisonScanCommand implements java.util.concurrent.Callable<Integer> {
    /** Exit code of a completed command. */
    public static final int OK = 0;
    /** Exit code of an internal error. */
    public static final int INTERNAL_ERROR = 1;
    /** Exit code of bad usage or bad input. */
    public static final int BAD_INPUT = 2;
    /** Exit code of a completed scan that a gate option ({@code --fail-if-poisoned}, {@code --max-flagged}) failed. */
    public static final int GATE_FAILED = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** No command given: bad usage (exit 2), with the usage text on stderr. */
    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        cmd.getErr().println("poisonscan: no command given");
        cmd.usage(cmd.getErr());
        cmd.getErr().flush();
        return BAD_INPUT;
    }

    /**
     * Bad usage (an unknown option, a value of the wrong type, a missing required option): the reason and where to
     * read the options, not the whole usage text, whose length buries the one line that matters.
     */
    private static int badUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName(" ");
        err.println(name + ": " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Options: " + name + " --help");
        err.flush();
        return BAD_INPUT;
    }

    /** Runs the command line and returns the exit code (for tests and embedding). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new PoisonScanCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(ErrorReporter::exitCode);
        cli.setExecutionExceptionHandler(ErrorReporter::handle);
        cli.setParameterExceptionHandler(PoisonScanCommand::badUsage);
        cli.getCommandSpec().exitCodeOnInvalidInput(BAD_INPUT);
        cli.getCommandSpec().exitCodeOnExecutionException(INTERNAL_ERROR);
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            // Picocli hands only Exceptions to the handler; an input too large for this JVM still gets one line.
            err.println(ErrorReporter.outOfMemory(e, Runtime.getRuntime().maxMemory()));
            err.flush();
            return INTERNAL_ERROR;
        }
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(execute(out, err, args));
    }
}
