/** Why services cannot start: a dependency that is not registered, or services that depend on each other. */

/** What these checks read of a service definition. */
interface Dependent {
  dependencies?: string[] | undefined;
}

/** Thrown by `startServices` when services cannot start: missing dependencies or a cycle. */
export class ServiceDependencyError extends Error {
  override name = "ServiceDependencyError" as const;
  constructor(
    message: string,
    /** The services that could not be started. */
    readonly services: string[],
  ) {
    super(message);
  }
}

/** Why the services `waiting` cannot start, if they cannot: a dependency that is not registered, or a cycle. */
export function diagnose(
  waiting: [string, Dependent][],
  services: { contains(name: string): boolean },
  started: Record<string, unknown>,
): { kind: "missing" | "cycle"; error: ServiceDependencyError } | null {
  const names = waiting.map(([name]) => name);
  const missing: string[] = [];
  for (const [name, definition] of waiting) {
    for (const dep of definition.dependencies ?? []) {
      if (!(dep in started) && !services.contains(dep)) {
        missing.push(`"${name}" depends on "${dep}", which is not registered`);
      }
    }
  }
  if (missing.length) {
    return {
      kind: "missing",
      error: new ServiceDependencyError(`Cannot start services: ${missing.join("; ")}`, names),
    };
  }
  const cycle = findCycle(waiting, started);
  if (cycle) {
    return {
      kind: "cycle",
      error: new ServiceDependencyError(
        `Cannot start services: dependency cycle ${cycle.join(" -> ")}`,
        names,
      ),
    };
  }
  return null;
}

/** A dependency path that comes back to its start (`["a", "b", "a"]`), among services not started. */
function findCycle(waiting: [string, Dependent][], started: Record<string, unknown>): string[] | null {
  const graph = new Map(waiting.map(([name, def]) => [name, (def.dependencies ?? []).filter((d) => !(d in started))]));
  const done = new Set<string>();
  const visit = (name: string, path: string[]): string[] | null => {
    const index = path.indexOf(name);
    if (index >= 0) {
      return [...path.slice(index), name];
    }
    if (done.has(name)) {
      return null;
    }
    for (const dep of graph.get(name) ?? []) {
      const cycle = visit(dep, [...path, name]);
      if (cycle) {
        return cycle;
      }
    }
    done.add(name);
    return null;
  };
  for (const name of graph.keys()) {
    const cycle = visit(name, []);
    if (cycle) {
      return cycle;
    }
  }
  return null;
}
