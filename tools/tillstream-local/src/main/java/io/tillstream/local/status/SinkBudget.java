package io.tillstream.local.status;

import io.tillstream.local.connect.ConnectWorker;
import java.lang.management.ManagementFactory;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Centra's mutation budget as the Centra sink spends it, from the sink tasks' metrics in this JVM's
 * JMX ({@code kafka.connect:type=plugins,connector=centra-stock-sink,task=N}). Against a real tenant
 * this is what the status line can show without spending Centra's request budget on asking.
 */
public final class SinkBudget {

    private SinkBudget() {
    }

    /** e.g. "mutations 3/20 per 10s, 41/1800 per h (the sink's share)", or why there is nothing yet. */
    public static String summary() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            Set<ObjectName> tasks = server.queryNames(new ObjectName("kafka.connect:type=plugins,connector="
                    + ConnectWorker.SINK_NAME + ",task=*"), null);
            if (tasks.isEmpty()) {
                return "sink starting";
            }
            long used10s = 0;
            long budget10s = 0;
            long usedHour = 0;
            long budgetHour = 0;
            for (ObjectName task : tasks) {
                used10s += value(server, task, "mutations-used-10s");
                budget10s += value(server, task, "mutations-budget-10s");
                usedHour += value(server, task, "mutations-used-1h");
                budgetHour += value(server, task, "mutations-budget-1h");
            }
            return "mutations " + used10s + "/" + budget10s + " per 10s, " + usedHour + "/" + budgetHour
                    + " per h (the sink's share)";
        } catch (JMException e) {
            return "sink metrics unavailable";
        }
    }

    private static long value(MBeanServer server, ObjectName task, String attribute) throws JMException {
        return ((Number) server.getAttribute(task, attribute)).longValue();
    }
}
