import { Select } from '@mantine/core';

interface PluginSelectProps {
  plugins: readonly { id: string; name: string; latestVersion: string | null }[];
  isLoading: boolean;
  value: string | null;
  onChange: (pluginId: string | null) => void;
  error?: string;
}

/** The creator's own plugins, searchable, each with its newest version for reference. */
export function PluginSelect({ plugins, isLoading, value, onChange, error }: PluginSelectProps) {
  return (
    <Select
      label="Plugin"
      placeholder={isLoading ? 'Loading your plugins…' : plugins.length ? 'Choose a plugin' : 'You have no plugins yet'}
      required
      searchable
      nothingFoundMessage="None of your plugins matches"
      data={plugins.map((plugin) => ({ value: plugin.id, label: plugin.latestVersion ? `${plugin.name} (latest ${plugin.latestVersion})` : plugin.name }))}
      value={value}
      onChange={onChange}
      error={error}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
