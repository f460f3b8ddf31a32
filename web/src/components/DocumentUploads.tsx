import { Button, Checkbox, Form, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import i18n from '../i18n.ts';
import { type ChecklistDocument, checklistSections, GroupTitle } from './Checklist.tsx';

/** The kinds of file a record accepts (the server checks the content again). */
const ACCEPT = 'application/pdf,image/jpeg,image/png';

/**
 * One file chosen for one required document; kept in the page until it is sent. With `file` given the
 * page owns the choice (a file the server refused stays chosen, marked with `error`, until replaced).
 */
export function DocumentFilePicker({
  component,
  onChange,
  file,
  error,
}: {
  component: string;
  onChange: (component: string, file: File | null) => void;
  file?: File | null;
  error?: string;
}) {
  const { t } = useTranslation();
  const controlled =
    file === undefined
      ? {}
      : {
          fileList: file
            ? [
                {
                  uid: `${component}:${file.name}`,
                  name: file.name,
                  status: error ? ('error' as const) : ('done' as const),
                  response: error,
                },
              ]
            : [],
        };
  return (
    <Upload
      accept={ACCEPT}
      maxCount={1}
      {...controlled}
      beforeUpload={(file) => {
        onChange(component, file);
        return false;
      }}
      onRemove={() => onChange(component, null)}
    >
      <Button>{t('submit.choose')}</Button>
    </Upload>
  );
}

/** Sets or clears one component's file in a map of chosen files. */
export function withFile(
  files: Record<string, File>,
  component: string,
  file: File | null,
): Record<string, File> {
  if (file) return { ...files, [component]: file };
  return Object.fromEntries(Object.entries(files).filter(([k]) => k !== component));
}

/** Uploads one document of the applicant's own record (multipart, with the applicant token). */
export function uploadApplicantDocument(recordId: string, token: string, component: string, file: File) {
  const body = new FormData();
  body.append('component', component);
  body.append('file', file, file.name);
  return fetch(`/api/public/records/${recordId}/documents`, {
    method: 'POST',
    headers: { 'x-applicant-token': token },
    body,
  });
}

/** A file the server did not take, with its reason as the server gave it. */
export interface RejectedFile {
  readonly component: string;
  readonly fileName: string;
  readonly reason: string;
}

/** The reason in a refused upload's problem+json (its title and the fields it names), or a network failure. */
async function refusal(res: Response | null): Promise<string> {
  if (!res) return i18n.t('error.network');
  const problem = (await res.json().catch(() => ({}))) as {
    title?: string;
    errors?: { message: string; message_vi?: string }[];
  };
  const details = (problem.errors ?? []).map((e) => (i18n.language === 'vi' && e.message_vi) || e.message);
  return [problem.title ?? `HTTP ${res.status}`, ...details].join(': ');
}

/**
 * Uploads the chosen files of the applicant's record one by one; every file is either uploaded or
 * returned with the reason it was refused (nothing is dropped).
 */
export async function uploadApplicantFiles(
  recordId: string,
  token: string,
  files: Record<string, File>,
): Promise<{ uploaded: Record<string, string>; rejected: RejectedFile[] }> {
  const uploaded: Record<string, string> = {};
  const rejected: RejectedFile[] = [];
  for (const [component, file] of Object.entries(files)) {
    const res = await uploadApplicantDocument(recordId, token, component, file).catch(() => null);
    if (res?.ok) uploaded[component] = file.name;
    else rejected.push({ component, fileName: file.name, reason: await refusal(res) });
  }
  return { uploaded, rejected };
}

/**
 * The upload slots of an online submission: one per document the applicant hands in (never a note),
 * numbered; the documents always needed first, then each alternative group ("one of") under its heading,
 * then each case behind a "this applies to me" tick (a case the applicant is not in asks for nothing).
 */
export function ChecklistUploads({
  documents,
  files,
  rejected,
  uploaded,
  onChange,
}: {
  documents: readonly ChecklistDocument[];
  files: Record<string, File>;
  rejected: readonly RejectedFile[];
  uploaded: Record<string, string> | undefined;
  onChange: (component: string, file: File | null) => void;
}) {
  const { t } = useTranslation();
  const { always, groups } = checklistSections(documents);
  // A case the applicant ticked or unticked; untouched, a case is ticked when a file of it is chosen or kept.
  const [ticked, setTicked] = useState<Record<string, boolean>>({});
  let n = 0;
  const slot = (d: ChecklistDocument) => {
    n += 1;
    return (
      <Form.Item
        key={`${d.case ?? ''}:${d.alternativeGroup ?? ''}:${d.name}`}
        label={`${n}. ${d.name}`}
        extra={uploaded?.[d.name] ? t('draft.uploaded', { name: uploaded[d.name] }) : undefined}
      >
        <DocumentFilePicker
          component={d.name}
          file={files[d.name] ?? null}
          error={rejected.find((r) => r.component === d.name)?.reason}
          onChange={onChange}
        />
      </Form.Item>
    );
  };
  return (
    <>
      {always.map(slot)}
      {groups.map((g) => {
        const applies = ticked[g.key] ?? g.documents.some((d) => files[d.name] || uploaded?.[d.name]);
        const open = g.kind === 'one_of' || applies;
        return (
          <div key={g.key} data-testid="checklist-group" style={{ marginBottom: 12 }}>
            <GroupTitle group={g} />
            {g.kind === 'case' && (
              <div>
                <Checkbox
                  checked={applies}
                  onChange={(e) => {
                    const on = e.target.checked;
                    setTicked((c) => ({ ...c, [g.key]: on }));
                    // Unticked: the case does not apply, so its chosen files are not sent.
                    if (!on) for (const d of g.documents) if (files[d.name]) onChange(d.name, null);
                  }}
                >
                  {t('checklist.applies')}
                </Checkbox>
              </div>
            )}
            {open ? g.documents.map(slot) : null}
          </div>
        );
      })}
    </>
  );
}
