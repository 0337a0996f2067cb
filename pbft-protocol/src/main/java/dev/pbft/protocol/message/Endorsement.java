package dev.pbft.protocol.message;

import dev.pbft.protocol.Bytes;
import java.util.List;

/**
 * ENDORSEMENT(i, [(c, t, d)...]): backup {@code replica} received each listed request straight from
 * its client and found the client's MAC for {@code replica} valid. Replicas send endorsements to each
 * other; the primary orders a request only once f+1 replicas endorse it (so a correct one checked
 * it), and a backup that cannot check a request's MAC itself accepts it on f+1 endorsements. A
 * client whose authenticator checks for the primary alone ("big MAC") thus never gets a request
 * ordered that the backups would refuse, and cannot make them depose a correct primary.
 *
 * @param replica  the endorsing backup
 * @param requests what it endorses, at most the batch limit
 */
public record Endorsement(int replica, List<Entry> requests) implements Message {
    public Endorsement {
        requests = List.copyOf(requests);
    }

    /**
     * One endorsed request.
     *
     * @param client    the client principal
     * @param timestamp the client's request number
     * @param digest    {@code RequestDigest} of the request, so endorsements of two different
     *                  operations under one timestamp never add up
     */
    public record Entry(int client, long timestamp, Bytes digest) {
    }
}
