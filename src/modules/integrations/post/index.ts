/**
 * Vietnam Post (issue 16): results returned by post — the subscriber `post` hands a result over (tracking
 * number), the post's signed callbacks say delivered (the record is returned as system:post) or returned.
 * Errors: post.bad_signature, post.unknown_shipment.
 */

export { signBody } from '../../../platform/http/signed-body.ts';
export { postPortFrom, postSecret } from './config.ts';
export { startFakePost } from './fake-server.ts';
export type { PostPort } from './port.ts';
export { postRoutes } from './post.routes.ts';
export { postSubscriber } from './post.subscriber.ts';
export { vnpostAdapter } from './vnpost.ts';
