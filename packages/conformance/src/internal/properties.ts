import type { Property } from './property';
import { asMetadataProperty, challengeProperty, offlineAccessProperty, prmProperty } from '../properties/discovery';
import { audienceProperty, insufficientScopeProperty, invalidTokenProperty, malformedProperty } from '../properties/resource';
import { errorRedirectProperty, issProperty, pkceProperty, redirectProperty, resourceProperty } from '../properties/authorize';
import { codeProperty, concurrentCodeProperty, expiredCodeProperty, refreshProperty } from '../properties/tokens';
import { anonymousGrantProperty, introspectionProperty, redirectSchemeProperty, registrationLimitProperty, ssrfProperty } from '../properties/registration';
import { hostCookieProperty } from '../properties/cookies';
import { boundedInputProperty } from '../properties/limits';

/**
 * In the order they run: read-only first, then those that authorize, then those that register many
 * clients; A86 moves the server's clock (injected sleep), and A82 last, since it spends the
 * registration limit.
 */
export const PROPERTIES: readonly Property[] = [
  challengeProperty, prmProperty, offlineAccessProperty, asMetadataProperty, invalidTokenProperty, malformedProperty,
  pkceProperty, redirectProperty, issProperty, codeProperty, concurrentCodeProperty, refreshProperty, resourceProperty, audienceProperty, insufficientScopeProperty,
  anonymousGrantProperty, ssrfProperty, redirectSchemeProperty, errorRedirectProperty, introspectionProperty, hostCookieProperty, expiredCodeProperty, boundedInputProperty, registrationLimitProperty,
];
