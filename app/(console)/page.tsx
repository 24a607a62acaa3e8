import { PageHeader } from "@/components/ui/card";

export const metadata = { title: "Overview" };

export default async function OverviewPage() {
  return <PageHeader title="Overview" description="Headline numbers of your secrets estate." />;
}
