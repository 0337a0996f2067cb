package dev.pbft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pbft.config.ProtocolParams;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's embedding code, exactly as written there: compiled, then run against a fresh group. */
class ReadmeExampleTest {
    private static final Path ROOT = Path.of("..");
    private static final Path EXAMPLE = ROOT.resolve("examples/counter/CounterExample.java");

    @TempDir
    Path dir;

    @Test
    void theReadmesEmbeddingBlockIsTheExampleFile() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int start = readme.indexOf("```java\n", readme.indexOf("## Embedding")) + "```java\n".length();
        String block = readme.substring(start, readme.indexOf("```\n", start));
        assertEquals(Files.readString(EXAMPLE), block, "README.md's Embedding block and " + EXAMPLE + " differ");
    }

    @Test
    void theExampleCompilesAndPrintsItsResults() throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, null, errors, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                EXAMPLE.toString());
        assertEquals(0, status, errors.toString(StandardCharsets.UTF_8));

        Path config = GroupGenerator.generate(dir.resolve("g"), 1, 4, 1, "127.0.0.1", FreePorts.findRun(4),
                ProtocolParams.defaults());
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                getClass().getClassLoader())) {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            loader.loadClass("CounterExample").getMethod("main", String[].class)
                    .invoke(null, (Object) new String[] {config.toString()});
        } finally {
            System.setOut(saved);
        }
        assertEquals(List.of("5", "6"), out.toString(StandardCharsets.UTF_8).lines().toList());
        assertTrue(Files.isDirectory(dir.resolve("g/data/replica-0")), "the replicas kept their data beside the config");
    }
}
