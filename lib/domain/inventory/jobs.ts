import { defineJob } from "@/lib/jobs/types";
import { ZHygieneJob, runHygiene } from "./hygiene";

export const hygieneJob = defineJob({ schema: ZHygieneJob, handle: runHygiene });
