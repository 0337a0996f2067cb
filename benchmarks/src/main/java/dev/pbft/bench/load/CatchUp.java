package dev.pbft.bench.load;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * How long a restarted replica took to catch up with the group, read off the progress samples.
 *
 * <p>The restarted replica counts as caught up at the first sample after the restart at which its
 * last executed sequence number is at least
 * <ul>
 *   <li>the group's at the restart instant (the highest of the other replicas in the last sample
 *       taken at or before it), and</li>
 *   <li>the highest of the other running replicas in the sample before, 100 ms earlier.</li>
 * </ul>
 * The second condition makes it a chase of a moving target: the group goes on executing while the
 * replica recovers, so reaching where the group stood at the restart is not enough. It compares with
 * the previous sample rather than the same one because every replica writes its status on its own
 * 100 ms clock: two replicas executing in lockstep can show values up to 100 ms of progress apart,
 * so a replica that is fully caught up would often seem a few sequence numbers behind the fastest
 * file of the same sample. A replica that is a checkpoint interval (or any distance that takes the
 * group more than about 100 ms to cover) behind is not caught up. The resolution is the sampling
 * period, 100 ms.
 *
 * @param fault                 the restart in its canonical text form, e.g. {@code restart:3@20s}
 * @param replicaId             the restarted replica
 * @param restartRunSeconds     when it was restarted, in seconds from the start of the warm-up
 * @param groupExecutedAtRestart the group's last executed sequence number at the restart; empty if
 *                              no sample before it knew one
 * @param firstReportRunSeconds when the first sample with a report of the replica after the restart
 *                              was taken (the time until then is mostly its JVM starting and its
 *                              recovery from the journal); empty if it never reported
 * @param firstExecuted         what the replica reported first after the restart (what it recovered
 *                              from its journal, or more if it caught up before its first report);
 *                              empty if it never reported
 * @param caughtUpRunSeconds    when the sample that shows it caught up was taken; empty if none did
 * @param executedWhenCaughtUp  its last executed sequence number in that sample
 */
public record CatchUp(String fault, int replicaId, double restartRunSeconds, OptionalLong groupExecutedAtRestart,
                      OptionalDouble firstReportRunSeconds, OptionalLong firstExecuted, OptionalDouble caughtUpRunSeconds,
                      OptionalLong executedWhenCaughtUp) {

    public CatchUp {
        Objects.requireNonNull(fault, "fault");
        Objects.requireNonNull(groupExecutedAtRestart, "groupExecutedAtRestart");
        Objects.requireNonNull(firstReportRunSeconds, "firstReportRunSeconds");
        Objects.requireNonNull(firstExecuted, "firstExecuted");
        Objects.requireNonNull(caughtUpRunSeconds, "caughtUpRunSeconds");
        Objects.requireNonNull(executedWhenCaughtUp, "executedWhenCaughtUp");
    }

    /** Seconds from the restart to the sample that shows the replica caught up; empty if it did not. */
    public OptionalDouble catchUpSeconds() {
        return caughtUpRunSeconds.isPresent()
                ? OptionalDouble.of(caughtUpRunSeconds.getAsDouble() - restartRunSeconds) : OptionalDouble.empty();
    }

    /**
     * Reads the catch-up of replica {@code replicaId} after its restart at {@code restartRunSeconds}
     * out of {@code samples}, looking no further than {@code untilRunSeconds} (e.g. the replica's
     * next kill; infinity for the end of the run).
     *
     * @param samples progress samples in time order, as in {@link LoadResult#progress()}
     */
    public static CatchUp of(List<ProgressSample> samples, String fault, int replicaId, double restartRunSeconds,
                             double untilRunSeconds) {
        long groupAtRestart = ProgressSample.UNKNOWN;
        for (ProgressSample s : samples) {
            if (s.runSeconds() <= restartRunSeconds && s.maxExecutedExcept(replicaId) != ProgressSample.UNKNOWN) {
                groupAtRestart = s.maxExecutedExcept(replicaId);
            }
        }
        long first = ProgressSample.UNKNOWN;
        OptionalDouble firstAt = OptionalDouble.empty();
        ProgressSample previous = null;
        for (ProgressSample s : samples) {
            if (s.runSeconds() > untilRunSeconds) {
                break;
            }
            long own = s.executed(replicaId);
            if (s.runSeconds() >= restartRunSeconds && own != ProgressSample.UNKNOWN) {
                if (first == ProgressSample.UNKNOWN) {
                    first = own;
                    firstAt = OptionalDouble.of(s.runSeconds());
                }
                long target = Math.max(groupAtRestart, previous == null ? ProgressSample.UNKNOWN
                        : previous.maxExecutedExcept(replicaId));
                if (groupAtRestart != ProgressSample.UNKNOWN && own >= target) {
                    return new CatchUp(fault, replicaId, restartRunSeconds, OptionalLong.of(groupAtRestart),
                            firstAt, OptionalLong.of(first), OptionalDouble.of(s.runSeconds()), OptionalLong.of(own));
                }
            }
            previous = s;
        }
        return new CatchUp(fault, replicaId, restartRunSeconds, known(groupAtRestart), firstAt, known(first),
                OptionalDouble.empty(), OptionalLong.empty());
    }

    private static OptionalLong known(long value) {
        return value == ProgressSample.UNKNOWN ? OptionalLong.empty() : OptionalLong.of(value);
    }
}
