package dev.pbft.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Writes a {@link ClusterConfig} as a config file that {@link ClusterConfig#load} reads back
 * into an equal model (used by {@code keygen}). Replica public keys are written inline; private
 * key paths inside the config file's folder are written relative to it, so the whole folder can
 * be moved. Every protocol parameter is listed with its description; those at their default are
 * commented out, so operators see what they could tune.
 */
public final class ConfigWriter {

    private ConfigWriter() {
    }

    /**
     * The text of the config file.
     *
     * @param configFile where the text will be stored; relative paths are computed from its folder
     * @param clientsDir if present, written as {@code clients.dir} and no client is written inline:
     *     the caller guarantees the folder holds exactly the config's clients as NAME.pub (and
     *     NAME.key) files. If empty, every client is written inline.
     * @throws IllegalArgumentException if a path cannot be written on one config line
     */
    public static String render(ClusterConfig config, Path configFile, Optional<Path> clientsDir) {
        Path base = folderOf(configFile);
        StringBuilder sb = new StringBuilder();
        int f = config.f();
        sb.append("# PBFT cluster configuration.\n")
                .append("# n = ").append(config.n()).append(" replicas tolerate f = ").append(f)
                .append(f == 1 ? " faulty replica" : " faulty replicas").append(" (n >= 3f+1).\n")
                .append("# Relative paths are resolved against this file's folder.\n\n")
                .append("f = ").append(f).append("\n\n");
        for (ReplicaSpec r : config.replicas()) {
            String prefix = "replica." + r.id();
            sb.append(prefix).append(" = ").append(r.address()).append('\n');
            sb.append(prefix).append(".public-key = ").append(KeyFiles.encode(r.publicKey())).append('\n');
            r.privateKeyFile().ifPresent(p ->
                    sb.append(prefix).append(".private-key-file = ").append(pathText(base, p)).append('\n'));
            sb.append('\n');
        }
        if (clientsDir.isPresent()) {
            sb.append("# Clients: every NAME.pub in this folder; NAME.key beside it is that client's private key.\n")
                    .append("clients.dir = ").append(pathText(base, clientsDir.get())).append("\n\n");
        } else {
            for (ClientSpec c : config.clients()) {
                String prefix = "client." + c.name();
                sb.append(prefix).append(".public-key = ").append(KeyFiles.encode(c.publicKey())).append('\n');
                c.privateKeyFile().ifPresent(p ->
                        sb.append(prefix).append(".private-key-file = ").append(pathText(base, p)).append('\n'));
                sb.append('\n');
            }
        }
        sb.append("# Protocol parameters. A commented line shows the default; remove its # to change it.\n");
        ProtocolParams params = config.params();
        for (Parameter p : Parameter.values()) {
            sb.append("\n# ").append(p.description()).append("\n# (").append(p.unit()).append(", ")
                    .append(p.min()).append(" to ").append(p.max())
                    .append(p.constraint().isEmpty() ? "" : ", " + p.constraint()).append(")\n");
            if (params.isDefault(p)) {
                sb.append("# ").append(p.key()).append(" = ").append(p.defaultValue()).append('\n');
            } else {
                sb.append(p.key()).append(" = ").append(params.get(p)).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * Creates the config file; refuses to overwrite an existing one.
     *
     * @throws java.nio.file.FileAlreadyExistsException if {@code configFile} exists
     */
    public static void write(Path configFile, ClusterConfig config, Optional<Path> clientsDir) throws IOException {
        byte[] text = render(config, configFile, clientsDir).getBytes(StandardCharsets.UTF_8);
        Files.write(configFile, text, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    private static Path folderOf(Path configFile) {
        Path absolute = configFile.toAbsolutePath().normalize();
        return absolute.getParent() == null ? absolute.getRoot() : absolute.getParent();
    }

    private static String pathText(Path base, Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        String text = absolute.equals(base) ? "."
                : (absolute.startsWith(base) ? base.relativize(absolute) : absolute).toString();
        // The reader trims values and knows no escapes: such a path would come back different.
        if (!text.equals(text.strip()) || text.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("path '" + text + "' cannot be written in a config file "
                    + "(leading or trailing blanks, or control characters)");
        }
        return text;
    }
}
