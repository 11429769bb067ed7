import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import Alert from '@cloudscape-design/components/alert';
import Button from '@cloudscape-design/components/button';
import Checkbox from '@cloudscape-design/components/checkbox';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Select from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Spinner from '@cloudscape-design/components/spinner';
import Textarea from '@cloudscape-design/components/textarea';
import { must } from '../api/clients.ts';
import { formErrors, toProblem } from '../api/problem.ts';
import { useCan, useConsole } from '../context.tsx';
import { LoadError } from '../components/query-state.tsx';
import { useNotifications } from '../shell/notifications.tsx';
import {
  departmentFields,
  departmentToForm,
  emptyDepartmentForm,
  formToInput,
  weekdayNames,
  weekdays,
  type DepartmentForm,
  type DestinationForm,
} from './routing-form.ts';

const destinationTypes = [
  { value: 'voiceConnector', label: 'Extension on the Voice Connector (PBX)' },
  { value: 'pstn', label: 'Phone number (PSTN)' },
  { value: 'operator', label: 'The operator department' },
];

function DestinationField({
  label,
  description,
  value,
  onChange,
  error,
  optional,
  disabled,
}: {
  label: string;
  description?: string;
  value: DestinationForm;
  onChange: (value: DestinationForm) => void;
  error?: string;
  optional?: boolean;
  disabled: boolean;
}) {
  const options = optional ? [{ value: '', label: 'None' }, ...destinationTypes] : destinationTypes;
  const selected = options.find((option) => option.value === value.type) ?? options[0]!;
  return (
    <FormField label={label} description={description} errorText={error}>
      <SpaceBetween size="xs" direction="horizontal">
        <Select
          disabled={disabled}
          selectedOption={selected}
          options={options}
          ariaLabel={`${label}: kind`}
          onChange={({ detail }) => onChange({ type: detail.selectedOption.value as DestinationForm['type'], value: '' })}
        />
        {(value.type === 'voiceConnector' || value.type === 'pstn') && (
          <Input
            disabled={disabled}
            value={value.value}
            ariaLabel={`${label}: ${value.type === 'pstn' ? 'phone number' : 'extension'}`}
            placeholder={value.type === 'pstn' ? '+14155550123' : '600100'}
            onChange={({ detail }) => onChange({ ...value, value: detail.value })}
          />
        )}
      </SpaceBetween>
    </FormField>
  );
}

export default function DepartmentEditor() {
  const { name } = useParams();
  const isNew = name === undefined;
  const { apis } = useConsole();
  const canEdit = useCan('editRouting');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { notify } = useNotifications();
  const existing = useQuery({
    queryKey: ['routing', 'departments', name],
    enabled: !isNew,
    queryFn: () => must(apis.routing.GET('/departments/{name}', { params: { path: { name: name! } } })),
  });
  const [form, setForm] = useState<DepartmentForm>(emptyDepartmentForm);
  const [errors, setErrors] = useState<{ fields: Record<string, string>; form: string[] }>({ fields: {}, form: [] });
  useEffect(() => {
    if (existing.data) setForm(departmentToForm(existing.data));
  }, [existing.data]);

  const save = useMutation({
    mutationFn: async () => {
      const { input, errors: local } = formToInput(form);
      if (Object.keys(local).length > 0) {
        setErrors({ fields: local, form: [] });
        return undefined;
      }
      return isNew
        ? must(apis.routing.POST('/departments', { body: input }))
        : must(apis.routing.PUT('/departments/{name}', { params: { path: { name: name! } }, body: input }));
    },
    onSuccess: async (saved) => {
      if (!saved) return;
      await queryClient.invalidateQueries({ queryKey: ['routing', 'departments'] });
      notify('success', `Department ${saved.name} saved`, 'The next call follows the new routing.');
      navigate('/routing');
    },
    onError: (error) => setErrors(formErrors(toProblem(error), departmentFields)),
  });

  if (!isNew && existing.isPending) return <Spinner size="large" />;
  if (!isNew && existing.isError) return <LoadError error={existing.error} what={`department ${name}`} />;
  const disabled = !canEdit;
  const set = <K extends keyof DepartmentForm>(key: K, value: DepartmentForm[K]) => setForm((current) => ({ ...current, [key]: value }));
  const err = (field: string) => errors.fields[field];
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        setErrors({ fields: {}, form: [] });
        save.mutate();
      }}
    >
      <Form
        header={
          <Header
            variant="h1"
            description={
              canEdit ? 'Saved changes apply to the next call.' : 'You can read this department; changing it needs the routing-editor or admin role.'
            }
          >
            {isNew ? 'Create department' : `Department ${name}`}
          </Header>
        }
        errorText={
          errors.form.length > 0
            ? errors.form.join(' ')
            : Object.keys(errors.fields).length > 0
              ? 'Some fields need attention: see the message under each.'
              : undefined
        }
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            <Button formAction="none" variant="link" onClick={() => navigate('/routing')}>
              {canEdit ? 'Cancel' : 'Back'}
            </Button>
            {canEdit && (
              <Button variant="primary" loading={save.isPending}>
                {isNew ? 'Create department' : 'Save changes'}
              </Button>
            )}
          </SpaceBetween>
        }
      >
        <SpaceBetween size="l">
          <Container header={<Header variant="h2">What callers ask for</Header>}>
            <SpaceBetween size="m">
              <FormField label="Name" description="Lower case; what the assistant listens for." errorText={err('name')}>
                <Input disabled={disabled || !isNew} value={form.name} onChange={({ detail }) => set('name', detail.value)} />
              </FormField>
              <FormField label="Also understood as" description="Other words callers use, separated by commas." errorText={err('synonyms')}>
                <Input disabled={disabled} value={form.synonyms} onChange={({ detail }) => set('synonyms', detail.value)} />
              </FormField>
              <FormField label="Keypad key" description="A single key 0–9, * or #; unique across departments." errorText={err('dtmfKey')}>
                <Input disabled={disabled} value={form.dtmfKey} onChange={({ detail }) => set('dtmfKey', detail.value)} />
              </FormField>
            </SpaceBetween>
          </Container>
          <Container header={<Header variant="h2">Where calls go</Header>}>
            <SpaceBetween size="m">
              <DestinationField
                label="Route to"
                value={form.destination}
                onChange={(v) => set('destination', v)}
                error={err('destination')}
                disabled={disabled}
              />
              <DestinationField
                label="Overflow"
                description="Tried when the first destination is busy or does not answer."
                optional
                value={form.overflowDestination}
                onChange={(v) => set('overflowDestination', v)}
                error={err('overflowDestination')}
                disabled={disabled}
              />
              <ColumnLayout columns={2}>
                <FormField
                  label="Expected wait (seconds)"
                  description="Reported by the PBX or a workforce tool."
                  errorText={err('expectedWaitSeconds')}
                >
                  <Input
                    disabled={disabled}
                    inputMode="numeric"
                    value={form.expectedWaitSeconds}
                    onChange={({ detail }) => set('expectedWaitSeconds', detail.value)}
                  />
                </FormField>
                <FormField
                  label="Offer to continue by text when the wait exceeds (seconds)"
                  description="Empty: never offer."
                  errorText={err('smsDeflection')}
                >
                  <Input
                    disabled={disabled}
                    inputMode="numeric"
                    value={form.offerSmsAfterSeconds}
                    onChange={({ detail }) => set('offerSmsAfterSeconds', detail.value)}
                  />
                </FormField>
              </ColumnLayout>
            </SpaceBetween>
          </Container>
          <Container header={<Header variant="h2">Business hours</Header>}>
            <SpaceBetween size="m">
              <Checkbox disabled={disabled} checked={form.hasHours} onChange={({ detail }) => set('hasHours', detail.checked)}>
                Only open at set hours (otherwise always open)
              </Checkbox>
              {form.hasHours && (
                <>
                  <FormField
                    label="Time zone"
                    description="IANA name, e.g. America/New_York or Asia/Hong_Kong."
                    errorText={err('businessHours.timeZone') ?? err('businessHours')}
                  >
                    <Input disabled={disabled} value={form.timeZone} onChange={({ detail }) => set('timeZone', detail.value)} />
                  </FormField>
                  <ColumnLayout columns={4}>
                    {weekdays.map((day) => (
                      <FormField
                        key={day}
                        label={weekdayNames[day]}
                        description="e.g. 09:00-17:00; empty = closed"
                        errorText={err(`businessHours.weekly.${day}`)}
                      >
                        <Input
                          disabled={disabled}
                          value={form.days[day]}
                          onChange={({ detail }) => set('days', { ...form.days, [day]: detail.value })}
                        />
                      </FormField>
                    ))}
                  </ColumnLayout>
                  <FormField label="Holidays" description="Closed all day: one date (YYYY-MM-DD) per line." errorText={err('businessHours.holidays')}>
                    <Textarea disabled={disabled} rows={3} value={form.holidays} onChange={({ detail }) => set('holidays', detail.value)} />
                  </FormField>
                  <FormField
                    label="After-hours message"
                    description="What callers hear when the department is closed."
                    errorText={err('afterHoursMessage')}
                  >
                    <Textarea
                      disabled={disabled}
                      rows={2}
                      value={form.afterHoursMessage}
                      onChange={({ detail }) => set('afterHoursMessage', detail.value)}
                    />
                  </FormField>
                  <DestinationField
                    label="After hours, route to"
                    optional
                    value={form.afterHoursDestination}
                    onChange={(v) => set('afterHoursDestination', v)}
                    error={err('afterHoursDestination')}
                    disabled={disabled}
                  />
                </>
              )}
            </SpaceBetween>
          </Container>
          {save.isSuccess && !save.data && <Alert type="error">Fix the hours above before saving.</Alert>}
        </SpaceBetween>
      </Form>
    </form>
  );
}
