import { useState, type FormEvent } from 'react';
import { api } from '../../lib/api';
import { useFormSubmit } from '../../lib/useFormSubmit';
import { lifecycleLabels } from '../../lib/format';
import { useMe } from '../../lib/auth';
import { useUsers } from '../../lib/users';
import { lifecycleStages, type Contact } from '../../lib/types';
import { Dialog } from '../../components/Dialog';
import { Button } from '../../components/Button';
import { Field, Input, Select } from '../../components/Field';
import { InlineError } from '../../components/EmptyState';
import { RecordPicker, companyOption } from '../../components/RecordPicker';
import { CustomFieldInputs, compactValues } from '../../components/CustomFields';

type Form = {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  title: string;
  companyId: string | null;
  companyName: string | null;
  lifecycleStage: string;
  ownerId: string;
  consentMarketingEmail: string;
};

const blank = (ownerId: string): Form => ({
  firstName: '',
  lastName: '',
  email: '',
  phone: '',
  title: '',
  companyId: null,
  companyName: null,
  lifecycleStage: 'lead',
  ownerId,
  consentMarketingEmail: 'unknown',
});

export function NewContactDialog({
  open,
  onClose,
  onCreated,
  defaultCompany,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (c: Contact) => void;
  defaultCompany?: { id: string; name: string };
}) {
  const { user } = useMe();
  const users = useUsers();
  const [form, setForm] = useState<Form>(() => ({
    ...blank(user.id),
    companyId: defaultCompany?.id ?? null,
    companyName: defaultCompany?.name ?? null,
  }));
  const [custom, setCustom] = useState<Record<string, string | number | boolean | null>>({});
  const { errors, error, busy, reset, run } = useFormSubmit();

  const set = (k: keyof Form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [k]: e.target.value }));
  const close = () => {
    reset();
    setCustom({});
    setForm({ ...blank(user.id), companyId: defaultCompany?.id ?? null, companyName: defaultCompany?.name ?? null });
    onClose();
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body: Record<string, unknown> = {
      firstName: form.firstName.trim() || undefined,
      lastName: form.lastName.trim() || undefined,
      email: form.email.trim() || undefined,
      phone: form.phone.trim() || undefined,
      title: form.title.trim() || undefined,
      companyId: form.companyId ?? undefined,
      lifecycleStage: form.lifecycleStage,
      ownerId: form.ownerId || undefined,
      consentMarketingEmail: form.consentMarketingEmail,
      customFields: compactValues(custom),
    };
    await run(async () => {
      const created = await api.post<Contact>('/api/v1/contacts', body);
      onCreated(created);
      close();
    });
  };

  const ownerOptions = users.filter((u) => !u.disabled);

  return (
    <Dialog
      open={open}
      onClose={close}
      title="New contact"
      description="Add a person you sell to. A name, an email or a phone is enough."
      testId="new-contact-dialog"
      footer={
        <>
          <Button onClick={close}>Cancel</Button>
          <Button
            variant="primary"
            type="submit"
            form="new-contact-form"
            loading={busy}
            data-testid="new-contact-submit"
          >
            Create contact
          </Button>
        </>
      }
    >
      <form id="new-contact-form" onSubmit={submit} className="space-y-4" noValidate>
        <InlineError error={error} />
        <div className="grid grid-cols-2 gap-4">
          <Field label="First name" htmlFor="contact-firstName" error={errors.firstName}>
            <Input
              id="contact-firstName"
              data-testid="contact-firstName"
              value={form.firstName}
              onChange={set('firstName')}
              invalid={!!errors.firstName}
              autoFocus
            />
          </Field>
          <Field label="Last name" htmlFor="contact-lastName" error={errors.lastName}>
            <Input
              id="contact-lastName"
              data-testid="contact-lastName"
              value={form.lastName}
              onChange={set('lastName')}
              invalid={!!errors.lastName}
            />
          </Field>
        </div>
        <div className="grid grid-cols-2 gap-4">
          <Field label="Email" htmlFor="contact-email" error={errors.email}>
            <Input
              id="contact-email"
              data-testid="contact-email"
              type="email"
              value={form.email}
              onChange={set('email')}
              invalid={!!errors.email}
              placeholder="name@company.com"
            />
          </Field>
          <Field label="Phone" htmlFor="contact-phone" error={errors.phone}>
            <Input
              id="contact-phone"
              data-testid="contact-phone"
              value={form.phone}
              onChange={set('phone')}
              invalid={!!errors.phone}
            />
          </Field>
        </div>
        <div className="grid grid-cols-2 gap-4">
          <Field label="Job title" htmlFor="contact-title" error={errors.title}>
            <Input
              id="contact-title"
              data-testid="contact-title"
              value={form.title}
              onChange={set('title')}
              invalid={!!errors.title}
            />
          </Field>
          <Field label="Company" htmlFor="contact-company" error={errors.companyId}>
            <RecordPicker
              id="contact-company"
              resource="companies"
              testId="contact-company"
              value={form.companyId}
              valueLabel={form.companyName}
              onChange={(id, label) => setForm((f) => ({ ...f, companyId: id, companyName: label }))}
              toOption={companyOption}
              placeholder="Search companies…"
              invalid={!!errors.companyId}
            />
          </Field>
        </div>
        <div className="grid grid-cols-3 gap-4">
          <Field label="Lifecycle stage" htmlFor="contact-lifecycleStage" error={errors.lifecycleStage}>
            <Select
              id="contact-lifecycleStage"
              data-testid="contact-lifecycleStage"
              value={form.lifecycleStage}
              onChange={set('lifecycleStage')}
              invalid={!!errors.lifecycleStage}
            >
              {lifecycleStages.map((s) => (
                <option key={s} value={s}>
                  {lifecycleLabels[s]}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Owner" htmlFor="contact-ownerId" error={errors.ownerId}>
            <Select
              id="contact-ownerId"
              data-testid="contact-ownerId"
              value={form.ownerId}
              onChange={set('ownerId')}
              invalid={!!errors.ownerId}
            >
              <option value="">Unassigned</option>
              {ownerOptions.length === 0 && <option value={user.id}>{user.name}</option>}
              {ownerOptions.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Email consent" htmlFor="contact-consent" error={errors.consentMarketingEmail}>
            <Select
              id="contact-consent"
              data-testid="contact-consent"
              value={form.consentMarketingEmail}
              onChange={set('consentMarketingEmail')}
            >
              <option value="unknown">Unknown</option>
              <option value="granted">Granted</option>
              <option value="denied">Denied</option>
            </Select>
          </Field>
        </div>
        <CustomFieldInputs entity="contact" values={custom} onChange={setCustom} errors={errors} />
      </form>
    </Dialog>
  );
}
