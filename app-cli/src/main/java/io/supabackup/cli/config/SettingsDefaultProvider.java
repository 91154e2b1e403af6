package io.supabackup.cli.config;

import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Feeds picocli the values of options not given on the command line from {@link Settings}. */
public final class SettingsDefaultProvider implements IDefaultValueProvider {
    private final Settings settings;

    public SettingsDefaultProvider(Settings settings) {
        this.settings = settings;
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (argSpec instanceof OptionSpec option) {
            String name = option.longestName().replaceFirst("^-+", "");
            return settings.lookup(name).orElse(argSpec.defaultValue());
        }
        return argSpec.defaultValue();
    }
}
