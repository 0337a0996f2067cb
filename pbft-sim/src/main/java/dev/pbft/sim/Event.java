package dev.pbft.sim;

import dev.pbft.protocol.message.Message;

/**
 * A message in flight on the virtual network, due at {@code time}; {@code order} breaks ties.
 * {@code instance} says which core of a twinned identity it is for (0 otherwise).
 */
record Event(long time, long order, int from, int to, int instance, Message message) implements Comparable<Event> {
    @Override
    public int compareTo(Event o) {
        int c = Long.compare(time, o.time);
        return c != 0 ? c : Long.compare(order, o.order);
    }
}
