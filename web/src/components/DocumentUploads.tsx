import { Button, Upload } from 'antd';
import { useTranslation } from 'react-i18next';

/** The kinds of file a record accepts (the server checks the content again). */
const ACCEPT = 'application/pdf,image/jpeg,image/png';

/** One file chosen for one required document; kept in the page until it is sent. */
export function DocumentFilePicker({
  component,
  onChange,
}: {
  component: string;
  onChange: (component: string, file: File | null) => void;
}) {
  const { t } = useTranslation();
  return (
    <Upload
      accept={ACCEPT}
      maxCount={1}
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
