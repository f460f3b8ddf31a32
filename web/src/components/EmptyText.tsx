/**
 * A table's "nothing here" text in a colour that keeps WCAG AA contrast (Ant Design draws its empty
 * placeholder in the disabled grey, which axe-core rightly flags).
 */
export function EmptyText({ children }: { children: string }) {
  return <span style={{ color: '#595959' }}>{children}</span>;
}
