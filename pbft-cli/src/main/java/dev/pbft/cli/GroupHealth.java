package dev.pbft.cli;

import dev.pbft.client.ReplicaStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Which replicas of a group look healthy from their own status reports: a replica is, if it
 * answered, works in the view most replicas report, and its state digest at its stable checkpoint
 * is the one most replicas at that checkpoint report. A replica alone at its checkpoint (just ahead
 * of or behind the others) cannot be compared and is not held against.
 *
 * @param n        replicas in the group
 * @param problems why each unhealthy replica that answered is not healthy, by id
 * @param silent   the replicas that did not answer
 * @param healthy  the healthy replicas
 */
record GroupHealth(int n, Map<Integer, String> problems, List<Integer> silent, List<Integer> healthy) {

    static GroupHealth of(int n, Map<Integer, ReplicaStatus> answers) {
        Map<Integer, String> problems = new TreeMap<>();
        List<Integer> silent = new ArrayList<>();
        List<Integer> healthy = new ArrayList<>();
        long view = mostCommonView(answers.values());
        for (int r = 0; r < n; r++) {
            ReplicaStatus s = answers.get(r);
            String problem = s == null ? null : problem(s, view, answers);
            if (s == null) {
                silent.add(r);
            } else if (problem != null) {
                problems.put(r, problem);
            } else {
                healthy.add(r);
            }
        }
        return new GroupHealth(n, problems, silent, healthy);
    }

    private static String problem(ReplicaStatus s, long view, Map<Integer, ReplicaStatus> answers) {
        if (s.view() != view) {
            return "in view " + s.view() + ", most replicas in view " + view;
        }
        if (!s.viewActive()) {
            return "waiting for the new view " + view;
        }
        List<ReplicaStatus> sameCheckpoint = answers.values().stream()
                .filter(o -> o.stableCheckpoint() == s.stableCheckpoint()).toList();
        Map<String, Long> digests = sameCheckpoint.stream()
                .collect(Collectors.groupingBy(ReplicaStatus::stateDigest, Collectors.counting()));
        long mine = digests.get(s.stateDigest());
        boolean outvoted = digests.values().stream().anyMatch(c -> c > mine);
        boolean tied = digests.values().stream().filter(c -> c == mine).count() > 1;
        if (outvoted || tied) {
            return "its state digest at checkpoint " + s.stableCheckpoint() + " differs from that of "
                    + (outvoted ? "most replicas there" : "as many replicas there");
        }
        return null;
    }

    /** The view most replicas report; of two as common, the higher (replicas only move up). */
    private static long mostCommonView(java.util.Collection<ReplicaStatus> all) {
        return all.stream().collect(Collectors.groupingBy(ReplicaStatus::view, Collectors.counting())).entrySet()
                .stream().max(Map.Entry.<Long, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).orElse(0L);
    }

    /** Why replica {@code id} is not healthy although it answered, if it is not. */
    Optional<String> problem(int id) {
        return Optional.ofNullable(problems.get(id));
    }

    /** One line: how many are healthy against the 2f+1 needed, who did not answer, who disagrees. */
    String summary(int f) {
        String line = healthy.size() + " of " + n + " replicas healthy (2f+1 = " + (2 * f + 1) + " needed)";
        if (!silent.isEmpty()) {
            line += "; no answer from " + names(silent);
        }
        line += "; disagreeing with the majority: " + (problems.isEmpty() ? "none" : names(List.copyOf(problems.keySet())));
        return line;
    }

    private static String names(List<Integer> ids) {
        return ids.stream().map(r -> "replica " + r).collect(Collectors.joining(", "));
    }
}
