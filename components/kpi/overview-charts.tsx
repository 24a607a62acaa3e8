"use client";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const axis = { fontSize: 12, fill: "currentColor" };

/** Secrets per environment, vaulted vs hardcoded (stacked). */
export function EnvironmentChart({ data }: { data: Array<{ environment: string; vaulted: number; hardcoded: number }> }) {
  return (
    <div className="h-56 text-slate-500" role="img" aria-label={data.map((d) => `${d.environment}: ${d.vaulted} vaulted, ${d.hardcoded} hardcoded`).join("; ")}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} strokeOpacity={0.3} />
          <XAxis dataKey="environment" tick={axis} tickLine={false} />
          <YAxis tick={axis} tickLine={false} allowDecimals={false} />
          <Tooltip cursor={{ fillOpacity: 0.1 }} contentStyle={{ fontSize: 12 }} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="vaulted" name="Vaulted" stackId="a" fill="#3b55e6" isAnimationActive={false} />
          <Bar dataKey="hardcoded" name="Hardcoded" stackId="a" fill="#f59e0b" radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Days since last rotation (or creation), in buckets. */
export function AgeChart({ data }: { data: Array<{ bucket: string; secrets: number }> }) {
  return (
    <div className="h-56 text-slate-500" role="img" aria-label={data.map((d) => `${d.bucket}: ${d.secrets}`).join("; ")}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} strokeOpacity={0.3} />
          <XAxis dataKey="bucket" tick={axis} tickLine={false} />
          <YAxis tick={axis} tickLine={false} allowDecimals={false} />
          <Tooltip cursor={{ fillOpacity: 0.1 }} contentStyle={{ fontSize: 12 }} />
          <Bar dataKey="secrets" name="Secrets" fill="#64748b" radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
