package dev.pbft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;

/** Help texts read as sentences: no paragraph broken mid-sentence, no format warning. */
class HelpTextTest {
    @Test
    void everyDescriptionParagraphIsWholeSentences() {
        List<String> broken = new ArrayList<>();
        for (Map.Entry<String, CommandLine> sub : new CommandLine(new Main()).getSubcommands().entrySet()) {
            if (sub.getKey().equals("help")) {
                continue; // picocli's own
            }
            for (String paragraph : sub.getValue().getCommandSpec().usageMessage().description()) {
                if (!paragraph.endsWith(".")) {
                    broken.add(sub.getKey() + ": \"" + paragraph + "\"");
                }
            }
        }
        assertEquals(List.of(), broken, "each description element is shown as a paragraph of its own");
    }

    @Test
    void everyHelpRendersWithoutAWarning() {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            for (CommandLine sub : new CommandLine(new Main()).getSubcommands().values()) {
                sub.getUsageMessage();
            }
        } finally {
            System.setErr(saved);
        }
        assertTrue(err.toString(StandardCharsets.UTF_8).isEmpty(), err.toString(StandardCharsets.UTF_8));
    }
}
