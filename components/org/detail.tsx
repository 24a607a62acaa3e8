import { Card } from "@/components/ui/card";

/** A titled card section for detail pages. */
export function Section({ title, actions, children, testId }: { title: string; actions?: React.ReactNode; children: React.ReactNode; testId?: string }) {
  return (
    <Card className="p-4" data-testid={testId}>
      <div className="mb-3 flex items-center justify-between gap-2">
        <h2 className="font-semibold">{title}</h2>
        {actions}
      </div>
      {children}
    </Card>
  );
}
