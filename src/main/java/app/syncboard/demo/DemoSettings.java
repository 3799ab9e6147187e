package app.syncboard.demo;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

@ConfigurationProperties("syncboard.demo")
record DemoSettings(
        @DefaultValue("./data/demo") Path directory,
        @DefaultValue("* * * * *") String schedule) {}
