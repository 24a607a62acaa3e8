"use client";
import { useEffect, useRef } from "react";

/**
 * Polls `url` (GET, JSON) once a second while it is set and hands each answer to `handle`, until
 * `handle` returns true. A failed request is tried again on the next tick.
 */
export function usePoll<T>(url: string | null, handle: (value: T) => boolean) {
  const latest = useRef(handle);
  useEffect(() => {
    latest.current = handle;
  });
  useEffect(() => {
    if (!url) return;
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      const res = await fetch(url, { cache: "no-store" }).catch(() => null);
      const value = res?.ok ? ((await res.json().catch(() => null)) as T | null) : null;
      if (stop || (value !== null && latest.current(value))) return;
      timer = setTimeout(tick, 1000);
    };
    timer = setTimeout(tick, 1000);
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [url]);
}
