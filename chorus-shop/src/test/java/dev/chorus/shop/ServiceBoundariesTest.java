package dev.chorus.shop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Each service depends on the contracts only, never on another service or on the wiring above them. */
class ServiceBoundariesTest {
    private static final List<String> SERVICES = List.of("customers", "orders", "inventory", "payments", "shipping");
    private static final Path SOURCES = Path.of("src/main/java/dev/chorus/shop");
    private static final Pattern SHOP_REFERENCE = Pattern.compile("dev\\.chorus\\.shop\\.(\\w+)");

    @Test
    void no_service_source_names_another_service_or_the_wiring() throws IOException {
        var violations = new ArrayList<String>();
        for (String service : SERVICES) {
            var dir = SOURCES.resolve(service);
            assertThat(dir).isDirectory();
            try (Stream<Path> files = Files.walk(dir)) {
                for (var file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    var matcher = SHOP_REFERENCE.matcher(Files.readString(file));
                    while (matcher.find()) {
                        String target = matcher.group(1);
                        if (!target.equals(service) && !target.equals("contracts")) {
                            violations.add(file + " -> dev.chorus.shop." + target);
                        }
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void the_contracts_name_no_service() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES.resolve("contracts"))) {
            for (var file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                var matcher = SHOP_REFERENCE.matcher(Files.readString(file));
                while (matcher.find()) {
                    assertThat(matcher.group(1)).as(file.toString()).isEqualTo("contracts");
                }
            }
        }
    }
}
