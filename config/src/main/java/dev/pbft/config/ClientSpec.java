package dev.pbft.config;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * One client allowed to send requests: its name (matching {@code [A-Za-z0-9_-]{1,32}}), its
 * 64-byte public key and, on the host that runs it, the path of its private key file. The key
 * is copied on the way in and out; equality compares key contents.
 */
public record ClientSpec(String name, byte[] publicKey, Optional<Path> privateKeyFile) {

    public ClientSpec {
        Objects.requireNonNull(name, "name");
        if (!KeyNames.CLIENT_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid client name '" + name + "'; expected "
                    + KeyNames.CLIENT_NAME_RULE);
        }
        publicKey = ReplicaSpec.checkedCopy(publicKey);
        Objects.requireNonNull(privateKeyFile, "privateKeyFile");
    }

    /** A copy of the 64-byte public key. */
    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientSpec c && name.equals(c.name) && Arrays.equals(publicKey, c.publicKey)
                && privateKeyFile.equals(c.privateKeyFile);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(publicKey), privateKeyFile);
    }

    @Override
    public String toString() {
        return "ClientSpec[name=" + name + ", publicKey=" + Base64.getEncoder().encodeToString(publicKey)
                + ", privateKeyFile=" + privateKeyFile.map(Path::toString).orElse("-") + "]";
    }
}
