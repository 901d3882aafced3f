import * as React from 'react';
import { Box, DatePicker, Field, Flex, TimePicker } from '@strapi/design-system';
import { useField } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { parseTime } from '../time-text';

interface DateTimeInputProps {
  name: string;
  label: string;
  hint?: React.ReactNode;
  required?: boolean;
  disabled?: boolean;
  labelAction?: React.ReactNode;
}

/**
 * The admin's date-and-time field, replacing Strapi's for every datetime: Strapi's DateTimePicker
 * reads the time it shows as "hh:mm", but in Danish times are written "16.45", so every time
 * picked or typed was saved on the whole hour (16.45 became 16.00). This one composes the date
 * and the time itself; times are the editor's local time, as in Strapi.
 */
export function DateTimeInput({
  name,
  label,
  hint,
  required,
  disabled,
  labelAction,
}: DateTimeInputProps) {
  const field = useField<string | null>(name);
  const { locale } = useIntl();
  const value = field.value ? new Date(field.value) : null;
  const timeFormat = React.useMemo(
    () => new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
    [locale],
  );
  const save = (date: Date | null) => field.onChange(name, date ? date.toISOString() : null);

  // The date picker shows a Date by its UTC calendar day and answers with local midnight.
  const shownDay = value
    ? new Date(Date.UTC(value.getFullYear(), value.getMonth(), value.getDate()))
    : undefined;
  const onDay = (day: Date | undefined) => {
    if (!day) return save(null);
    save(
      new Date(
        day.getFullYear(),
        day.getMonth(),
        day.getDate(),
        value?.getHours() ?? 0,
        value?.getMinutes() ?? 0,
      ),
    );
  };
  const onTime = (text: string | undefined) => {
    const time = parseTime(text);
    if (!time) return;
    const day = value ?? new Date();
    save(new Date(day.getFullYear(), day.getMonth(), day.getDate(), ...time));
  };

  return (
    <Field.Root name={name} error={field.error} hint={hint} required={required}>
      <Field.Label action={labelAction}>{label}</Field.Label>
      <Flex gap={1} wrap="wrap">
        <Box flex="1">
          <DatePicker
            value={shownDay}
            onChange={onDay}
            onClear={() => save(null)}
            clearLabel="Ryd datoen"
            aria-label="Dato"
            disabled={disabled}
            maxDate={new Date(2099, 11, 31)}
          />
        </Box>
        <Box flex="1">
          <TimePicker
            value={value ? timeFormat.format(value) : undefined}
            onChange={onTime}
            clearLabel="Ryd klokkeslættet"
            aria-label="Klokkeslæt"
            disabled={disabled || !value}
          />
        </Box>
      </Flex>
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
}
