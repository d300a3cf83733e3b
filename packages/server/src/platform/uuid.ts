/** An RFC 4122-shaped id (any version): what every id column holds, checked before it reaches a uuid comparison. */
export const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
