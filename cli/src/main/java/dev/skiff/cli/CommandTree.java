package dev.skiff.cli;

import java.util.List;
import picocli.CommandLine;

/**
 * Every skiff command by name. Only the command being run is instantiated: building all of
 * picocli's model on each start costs more than the rest of `skiff run`.
 */
public final class CommandTree {
    /** A command: its name, implementing class (or, for a group, its description), aliases and subcommands. */
    record Node(String name, String className, String groupDescription, List<String> aliases, List<Node> children) {}

    private static final String P = "dev.skiff.cli.command.";

    static final List<Node> TOP = List.of(
            cmd("run", "RunCommand"),
            cmd("build", "image.BuildCommand"),
            cmd("history", "image.HistoryCommand"),
            cmd("images", "image.ImagesCommand"),
            cmd("load", "image.LoadCommand"),
            cmd("login", "registry.LoginCommand"),
            cmd("logout", "registry.LogoutCommand"),
            cmd("pull", "registry.PullCommand"),
            cmd("push", "registry.PushCommand"),
            cmd("rmi", "image.RmiCommand"),
            cmd("save", "image.SaveCommand"),
            cmd("tag", "image.TagCommand"),
            cmd("untag", "image.UntagCommand"),
            group("image", "Manage images",
                    cmd("build", "image.BuildCommand"),
                    cmd("exists", "image.ImageExistsCommand"),
                    cmd("history", "image.HistoryCommand"),
                    cmd("inspect", "image.ImageInspectCommand"),
                    cmd("load", "image.LoadCommand"),
                    cmd("ls", "image.ImagesCommand", "list"),
                    cmd("prune", "image.ImagePruneCommand"),
                    cmd("pull", "registry.PullCommand"),
                    cmd("push", "registry.PushCommand"),
                    cmd("rm", "image.RmiCommand"),
                    cmd("save", "image.SaveCommand"),
                    cmd("tag", "image.TagCommand"),
                    cmd("untag", "image.UntagCommand")),
            cmd("ps", "container.PsCommand"),
            cmd("create", "CreateCommand"),
            cmd("info", "system.InfoCommand"),
            cmd("inspect", "InspectCommand"),
            cmd("exec", "container.ExecCommand"),
            cmd("attach", "container.AttachCommand"),
            cmd("commit", "container.CommitCommand"),
            cmd("cp", "container.CpCommand"),
            cmd("diff", "container.DiffCommand"),
            cmd("export", "container.ExportCommand"),
            cmd("start", "container.StartCommand"),
            cmd("stop", "container.StopCommand"),
            cmd("restart", "container.RestartCommand"),
            cmd("rename", "container.RenameCommand"),
            cmd("kill", "container.KillCommand"),
            cmd("rm", "container.RmCommand"),
            cmd("logs", "container.LogsCommand"),
            cmd("mount", "container.MountCommand"),
            cmd("pause", "container.PauseCommand"),
            cmd("port", "container.PortCommand"),
            cmd("stats", "container.StatsCommand"),
            cmd("top", "container.TopCommand"),
            cmd("unpause", "container.UnpauseCommand"),
            cmd("unmount", "container.UnmountCommand", "umount"),
            cmd("wait", "container.WaitCommand"),
            group("container", "Manage containers",
                    cmd("cleanup", "container.CleanupCommand"),
                    cmd("attach", "container.AttachCommand"),
                    cmd("commit", "container.CommitCommand"),
                    cmd("cp", "container.CpCommand"),
                    cmd("create", "CreateCommand"),
                    cmd("diff", "container.DiffCommand"),
                    cmd("exec", "container.ExecCommand"),
                    cmd("export", "container.ExportCommand"),
                    cmd("inspect", "container.ContainerInspectCommand"),
                    cmd("kill", "container.KillCommand"),
                    cmd("logs", "container.LogsCommand"),
                    cmd("ls", "container.PsCommand", "list", "ps"),
                    cmd("mount", "container.MountCommand"),
                    cmd("pause", "container.PauseCommand"),
                    cmd("port", "container.PortCommand"),
                    cmd("prune", "container.ContainerPruneCommand"),
                    cmd("rename", "container.RenameCommand"),
                    cmd("restart", "container.RestartCommand"),
                    cmd("rm", "container.RmCommand"),
                    cmd("start", "container.StartCommand"),
                    cmd("stats", "container.StatsCommand"),
                    cmd("stop", "container.StopCommand"),
                    cmd("top", "container.TopCommand"),
                    cmd("unmount", "container.UnmountCommand", "umount"),
                    cmd("unpause", "container.UnpauseCommand"),
                    cmd("wait", "container.WaitCommand")),
            group("system", "Manage skiff",
                    cmd("df", "system.SystemDfCommand"),
                    cmd("info", "system.InfoCommand")),
            group("pod", "Manage pods",
                    cmd("create", "pod.PodCreateCommand"),
                    cmd("exists", "pod.PodExistsCommand"),
                    cmd("inspect", "pod.PodInspectCommand"),
                    cmd("kill", "pod.PodKillCommand"),
                    cmd("ps", "pod.PodPsCommand", "ls", "list"),
                    cmd("restart", "pod.PodRestartCommand"),
                    cmd("rm", "pod.PodRmCommand"),
                    cmd("start", "pod.PodStartCommand"),
                    cmd("stop", "pod.PodStopCommand"),
                    cmd("top", "pod.PodTopCommand")),
            cmd("unshare", "UnshareCommand"),
            group("volume", "Manage volumes",
                    cmd("create", "volume.VolumeCreateCommand"),
                    cmd("exists", "volume.VolumeExistsCommand"),
                    cmd("inspect", "volume.VolumeInspectCommand"),
                    cmd("ls", "volume.VolumeLsCommand", "list"),
                    cmd("prune", "volume.VolumePruneCommand"),
                    cmd("rm", "volume.VolumeRmCommand", "remove")),
            cmd("version", "VersionCommand"));

    private CommandTree() {}

    /** The command line for these arguments: the invoked branch, or everything for help. */
    public static CommandLine forArgs(String[] args) {
        CommandLine root = new CommandLine(new SkiffCommand().spec());
        attach(root, TOP, args, firstPositional(args, 0));
        return root;
    }

    /** The whole tree, for help, completion and man pages. */
    public static CommandLine full() {
        CommandLine root = new CommandLine(new SkiffCommand().spec());
        attach(root, TOP, new String[0], 0);
        return root;
    }

    private static void attach(CommandLine parent, List<Node> nodes, String[] args, int i) {
        Node match = null;
        if (i < args.length) {
            for (Node n : nodes) {
                if (n.name.equals(args[i]) || n.aliases.contains(args[i])) {
                    match = n;
                    break;
                }
            }
        }
        if (match == null) {
            for (Node n : nodes) {
                CommandLine child = create(n);
                parent.addSubcommand(n.name, child, n.aliases.toArray(String[]::new));
                attach(child, n.children, args, args.length);
            }
            return;
        }
        CommandLine child = create(match);
        parent.addSubcommand(match.name, child, match.aliases.toArray(String[]::new));
        if (!match.children.isEmpty()) {
            attach(child, match.children, args, firstPositional(args, i + 1));
        }
    }

    private static CommandLine create(Node n) {
        try {
            Object command = n.className == null
                    ? new GroupCommand(n.name, n.groupDescription)
                    : Class.forName(P + n.className).getDeclaredConstructor().newInstance();
            CommandLine cl = command instanceof CodedCommand coded ? new CommandLine(coded.spec()) : new CommandLine(command);
            cl.getCommandSpec().name(n.name); // `image ls` shares its class with `images`
            if (command instanceof StopsAtPositional) {
                // `skiff run IMAGE ls -l`: everything after the image belongs to the container
                cl.setStopAtPositional(true);
            }
            return cl;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("command class " + n.className, e);
        }
    }

    private static int firstPositional(String[] args, int from) {
        for (int i = from; i < args.length; i++) {
            if (!args[i].startsWith("-")) {
                return i;
            }
            if (args[i].equals("--")) {
                return args.length;
            }
        }
        return args.length;
    }

    private static Node cmd(String name, String className, String... aliases) {
        return new Node(name, className, null, List.of(aliases), List.of());
    }

    /** A group of subcommands; its class is {@link GroupCommand}, its text DESCRIPTION. */
    private static Node group(String name, String description, Node... children) {
        return new Node(name, null, description, List.of(), List.of(children));
    }
}
