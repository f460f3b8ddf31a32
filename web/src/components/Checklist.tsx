import { Checkbox, Collapse, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * A document of a procedure's checklist as the API gives it (`details.documents`: documents only, the
 * notes are in `details.checklistNotes`). `case`: needed only in that case; `alternativeGroup`: one
 * document of the group is enough.
 */
export interface ChecklistDocument {
  name: string;
  form?: string;
  quantity?: number;
  originals?: number;
  copies?: number;
  case?: string;
  alternativeGroup?: string;
}

/** A condition, note or instruction of the published checklist: guidance, never a slot. */
export interface ChecklistNote {
  name: string;
  group?: string;
}

/** Documents as the applicant meets them: those always needed, then each alternative group or case. */
export interface ChecklistSections {
  always: ChecklistDocument[];
  groups: { key: string; kind: 'one_of' | 'case'; title: string; documents: ChecklistDocument[] }[];
}

/** Splits a procedure's documents into those always needed and the alternative groups and cases, in order. */
export function checklistSections(documents: readonly ChecklistDocument[]): ChecklistSections {
  const always: ChecklistDocument[] = [];
  const groups = new Map<string, ChecklistSections['groups'][number]>();
  for (const d of documents) {
    const kind = d.alternativeGroup ? 'one_of' : d.case ? 'case' : null;
    if (!kind) {
      always.push(d);
      continue;
    }
    const title = (d.alternativeGroup ?? d.case) as string;
    const key = `${kind}:${title}`;
    const group = groups.get(key) ?? { key, kind, title, documents: [] };
    group.documents.push(d);
    groups.set(key, group);
  }
  return { always, groups: [...groups.values()] };
}

/**
 * The checklist the counter sends with a reception: every document needed in all cases, marked provided
 * when ticked; a document of a case or of an alternative group only when ticked (the case applies, or
 * that alternative was brought). An alternative group none of whose documents is ticked is sent as its
 * first document not provided, so the reception is returned for completion.
 */
export function counterChecklist(
  documents: readonly ChecklistDocument[],
  ticked: readonly string[],
): { document: string; provided: boolean }[] {
  const { always, groups } = checklistSections(documents);
  const items = always.map((d) => ({ document: d.name, provided: ticked.includes(d.name) }));
  for (const g of groups) {
    const chosen = g.documents.filter((d) => ticked.includes(d.name));
    if (chosen.length > 0) items.push(...chosen.map((d) => ({ document: d.name, provided: true })));
    else if (g.kind === 'one_of' && !g.documents.some((d) => d.case))
      items.push({ document: (g.documents[0] as ChecklistDocument).name, provided: false });
  }
  // A paper named in two cases is one line.
  const seen = new Set<string>();
  return items.filter((i) => !seen.has(i.document) && Boolean(seen.add(i.document)));
}

/** The checklist's notes and conditions as guidance text (folded: they can be long). */
export function ChecklistNotes({ notes }: { notes: readonly ChecklistNote[] }) {
  const { t } = useTranslation();
  // The published text repeats some notes (once per table); each is shown once.
  const texts = [...new Set(notes.map((n) => n.name.trim()).filter(Boolean))];
  if (texts.length === 0) return null;
  return (
    <Collapse
      size="small"
      data-testid="checklist-notes"
      items={[
        {
          key: 'notes',
          label: t('checklist.notes', { count: texts.length }),
          children: (
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {texts.map((text) => (
                <li key={text}>
                  <Typography.Text>{text}</Typography.Text>
                </li>
              ))}
            </ul>
          ),
        },
      ]}
    />
  );
}

/** The heading of an alternative group or a case. */
export function GroupTitle({ group }: { group: ChecklistSections['groups'][number] }) {
  const { t } = useTranslation();
  return (
    <Typography.Text strong>
      {group.kind === 'one_of'
        ? t('checklist.oneOf', { group: group.title })
        : t('checklist.onlyIf', { case: group.title })}
    </Typography.Text>
  );
}

/**
 * The counter's checklist: one box per document (ticked = brought); a document of a case or an
 * alternative group says so beside its name. Used inside a `Form.Item` (value: the ticked names).
 */
export function CounterChecklistOptions({
  documents,
  ...field
}: {
  documents: readonly ChecklistDocument[];
  value?: string[];
  onChange?: (value: string[]) => void;
}) {
  const { t } = useTranslation();
  return (
    <Checkbox.Group
      {...field}
      style={{ display: 'grid', gap: 4 }}
      options={documents
        .filter((d, i) => documents.findIndex((x) => x.name === d.name) === i)
        .map((d) => ({
          value: d.name,
          label: (
            <span>
              {d.name}
              {d.alternativeGroup || d.case ? (
                <Typography.Text type="secondary">
                  {' — '}
                  {d.alternativeGroup
                    ? t('checklist.oneOf', { group: d.alternativeGroup })
                    : t('checklist.onlyIf', { case: d.case })}
                </Typography.Text>
              ) : null}
            </span>
          ),
        }))}
    />
  );
}
