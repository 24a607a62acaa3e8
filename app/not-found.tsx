import Link from "next/link";

export default function NotFound() {
  return (
    <div className="mx-auto mt-24 max-w-md text-center">
      <h1 className="text-xl font-semibold">Not found</h1>
      <p className="mt-2 text-sm text-slate-500">The page or record does not exist, or you may not see it.</p>
      <Link className="mt-4 inline-block text-sm text-brand-600 underline" href="/">Back to the overview</Link>
    </div>
  );
}
