package dev.pbft.config;

import dev.pbft.config.ConfigLines.Entry;
import dev.pbft.config.KeyNames.Field;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The replica and client part of parsing: ids, addresses, and every key file named. */
final class PrincipalParser {

    private final ConfigParser parser;
    private final Map<Integer, Map<Field, Entry>> replicas = new TreeMap<>();
    private final Map<String, Map<Field, Entry>> clients = new TreeMap<>();

    PrincipalParser(ConfigParser parser) {
        this.parser = parser;
    }

    void addReplicaEntry(KeyNames.ReplicaKey key, Entry e) {
        int id = KeyNames.parseReplicaId(key.idText());
        if (id < 0) {
            parser.error(e, "replica id '" + key.idText() + "' is not a non-negative integer; "
                    + "expected replica.<id> with id 0, 1, 2, ... such as replica.0");
            return;
        }
        Entry previous = replicas.computeIfAbsent(id, i -> new EnumMap<>(Field.class)).putIfAbsent(key.field(), e);
        if (previous != null) {
            // Only possible as replica.1 and replica.01: equal keys were refused as duplicates.
            parser.error(e, "replica id " + id + " is defined twice (" + previous.key() + " on line "
                    + previous.line() + " and " + e.key() + " on line " + e.line() + "); expected each replica id once");
        }
    }

    void addClientEntry(KeyNames.ClientKey key, Entry e) {
        if (!KeyNames.CLIENT_NAME.matcher(key.name()).matches()) {
            parser.error(e, "client name '" + key.name() + "' is invalid; expected " + KeyNames.CLIENT_NAME_RULE);
            return;
        }
        clients.computeIfAbsent(key.name(), n -> new EnumMap<>(Field.class)).put(key.field(), e);
    }

    /** n: the number of distinct ids given an address. */
    int replicaCount() {
        return (int) replicas.values().stream().filter(m -> m.containsKey(Field.ADDRESS)).count();
    }

    /** Valid replicas by id; incomplete when errors were recorded. */
    List<ReplicaSpec> replicas() {
        int n = replicaCount();
        List<Integer> missing = new ArrayList<>();
        for (int id = 0; id < n; id++) {
            if (!replicas.getOrDefault(id, Map.of()).containsKey(Field.ADDRESS)) {
                missing.add(id);
            }
        }
        Map<String, Entry> byAddress = new HashMap<>();
        List<ReplicaSpec> out = new ArrayList<>();
        for (var idAndFields : replicas.entrySet()) {
            int id = idAndFields.getKey();
            Map<Field, Entry> fields = idAndFields.getValue();
            Entry address = fields.get(Field.ADDRESS);
            if (address == null) {
                parser.error(first(fields), "replica " + id + " has no address; expected replica." + id + " = HOST:PORT");
                continue;
            }
            boolean ok = true;
            if (id >= n) {
                ok = false;
                parser.error(address, "replica ids must be 0 to " + (n - 1) + " for " + n + " replicas but "
                        + missing.stream().limit(5).map(i -> "replica." + i).collect(Collectors.joining(", "))
                        + (missing.size() > 5 ? ", ..." : "") + (missing.size() == 1 ? " is" : " are")
                        + " missing; expected ids 0 to " + (n - 1) + " with no gaps");
            }
            HostPort hostPort = null;
            try {
                hostPort = HostPort.parse(address.value());
            } catch (HostPort.BadAddress bad) {
                ok = false;
                parser.error(address, bad.getMessage());
            }
            if (hostPort != null) {
                Entry other = byAddress.putIfAbsent(hostPort.canonical(), address);
                if (other != null) {
                    ok = false;
                    parser.error(address, "duplicate address: " + address.value() + " is also used by " + other.key()
                            + " (line " + other.line() + "); expected a distinct HOST:PORT for each replica");
                }
            }
            byte[] publicKey = publicKey("replica." + id, fields, address);
            PrivateKey privateKey = privateKeyFile(fields.get(Field.PRIVATE_KEY_FILE), null);
            if (ok && publicKey != null && privateKey.valid()) {
                out.add(new ReplicaSpec(id, hostPort.host(), hostPort.port(), publicKey, privateKey.file()));
            }
        }
        return out;
    }

    /** Inline clients plus those of clients.dir; incomplete when errors were recorded. */
    List<ClientSpec> clients(Entry clientsDir) {
        List<ClientSpec> out = new ArrayList<>();
        for (var nameAndFields : clients.entrySet()) {
            String name = nameAndFields.getKey();
            Map<Field, Entry> fields = nameAndFields.getValue();
            byte[] publicKey = publicKey("client." + name, fields, first(fields));
            PrivateKey privateKey = privateKeyFile(fields.get(Field.PRIVATE_KEY_FILE), null);
            if (publicKey != null && privateKey.valid()) {
                out.add(new ClientSpec(name, publicKey, privateKey.file()));
            }
        }
        if (clientsDir != null) {
            Path folder = parser.resolvePath(clientsDir, "a folder of NAME.pub client key files");
            if (folder != null) {
                out.addAll(folderClients(clientsDir, folder));
            }
        }
        return out;
    }

    private List<ClientSpec> folderClients(Entry clientsDir, Path folder) {
        String expected = "expected a folder of NAME.pub client public key files (with NAME.key private keys beside them)";
        if (!Files.exists(folder)) {
            parser.error(clientsDir, "folder " + folder + " does not exist; " + expected);
            return List.of();
        }
        if (!Files.isDirectory(folder)) {
            parser.error(clientsDir, folder + " is not a folder; " + expected);
            return List.of();
        }
        List<Path> publicFiles = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, "*.pub")) {
            stream.forEach(publicFiles::add);
        } catch (IOException e) {
            parser.error(clientsDir, "folder " + folder + " cannot be listed (" + e.getClass().getSimpleName() + "); " + expected);
            return List.of();
        }
        publicFiles.sort(Comparator.comparing(p -> p.getFileName().toString()));
        List<ClientSpec> out = new ArrayList<>();
        for (Path publicFile : publicFiles) {
            String fileName = publicFile.getFileName().toString();
            String name = fileName.substring(0, fileName.length() - ".pub".length());
            if (!KeyNames.CLIENT_NAME.matcher(name).matches()) {
                parser.error(clientsDir, "file " + publicFile + " is not named after a valid client; expected NAME.pub with NAME of "
                        + KeyNames.CLIENT_NAME_RULE);
                continue;
            }
            Map<Field, Entry> inline = clients.get(name);
            if (inline != null) {
                Entry at = inline.getOrDefault(Field.PUBLIC_KEY, inline.getOrDefault(Field.PUBLIC_KEY_FILE, first(inline)));
                parser.error(at, "duplicate client id: client '" + name + "' is defined here and as " + publicFile
                        + " in clients.dir (line " + clientsDir.line() + "); expected each client defined once");
                continue;
            }
            byte[] publicKey = null;
            try {
                publicKey = KeyFiles.readPublic(publicFile);
            } catch (KeyFileException e) {
                parser.error(clientsDir, "public key file " + e.file() + " " + e.problem());
            }
            Path privateFile = publicFile.resolveSibling(name + ".key");
            PrivateKey privateKey = Files.exists(privateFile) || Files.isSymbolicLink(privateFile)
                    ? privateKeyFile(clientsDir, privateFile) : PrivateKey.NONE;
            if (publicKey != null && privateKey.valid()) {
                out.add(new ClientSpec(name, publicKey, privateKey.file()));
            }
        }
        return out;
    }

    /** The 64-byte key from exactly one of PREFIX.public-key and PREFIX.public-key-file, or null after an error. */
    private byte[] publicKey(String prefix, Map<Field, Entry> fields, Entry anchor) {
        Entry inline = fields.get(Field.PUBLIC_KEY);
        Entry file = fields.get(Field.PUBLIC_KEY_FILE);
        if (inline != null && file != null) {
            Entry later = inline.line() > file.line() ? inline : file;
            parser.error(later, "both " + inline.key() + " (line " + inline.line() + ") and " + file.key() + " (line "
                    + file.line() + ") are given; expected exactly one of them");
            return null;
        }
        if (inline == null && file == null) {
            parser.error(anchor, prefix + " has no public key; expected " + prefix + ".public-key = BASE64 or "
                    + prefix + ".public-key-file = PATH");
            return null;
        }
        if (inline != null) {
            try {
                return KeyFiles.decode(inline.value());
            } catch (IllegalArgumentException e) {
                parser.error(inline, "value " + e.getMessage());
                return null;
            }
        }
        Path path = parser.resolvePath(file, "a public key file");
        if (path == null) {
            return null;
        }
        try {
            return KeyFiles.readPublic(path);
        } catch (KeyFileException e) {
            parser.error(file, "public key file " + e.file() + " " + e.problem());
            return null;
        }
    }

    /**
     * Checks a private key file (existence, mode, content) without keeping the key.
     *
     * @param entry the line naming the file (the file is resolved from it unless {@code path} is given)
     * @return {@link PrivateKey#NONE} if no file is named
     */
    private PrivateKey privateKeyFile(Entry entry, Path path) {
        if (entry == null) {
            return PrivateKey.NONE;
        }
        Path resolved = path != null ? path : parser.resolvePath(entry, "a private key file");
        if (resolved == null) {
            return PrivateKey.INVALID;
        }
        try {
            Arrays.fill(KeyFiles.readPrivate(resolved), (byte) 0);
            return new PrivateKey(true, Optional.of(resolved));
        } catch (KeyFileException e) {
            parser.error(entry, "private key file " + e.file() + " " + e.problem());
            return PrivateKey.INVALID;
        }
    }

    /** Outcome of checking an optional private key file: valid (present or not) or refused. */
    private record PrivateKey(boolean valid, Optional<Path> file) {
        static final PrivateKey NONE = new PrivateKey(true, Optional.empty());
        static final PrivateKey INVALID = new PrivateKey(false, Optional.empty());
    }

    private static Entry first(Map<Field, Entry> fields) {
        return fields.values().stream().min(Comparator.comparingInt(Entry::line)).orElseThrow();
    }
}
