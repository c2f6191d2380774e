import type { Property } from './property';
import { asMetadataProperty, challengeProperty, offlineAccessProperty, prmProperty } from '../properties/discovery';
import { audienceProperty, insufficientScopeProperty, invalidTokenProperty, malformedProperty } from '../properties/resource';
import { errorRedirectProperty, issProperty, pkceProperty, redirectProperty, resourceProperty } from '../properties/authorize';
import { codeProperty, refreshProperty } from '../properties/tokens';
import { anonymousGrantProperty, introspectionProperty, redirectSchemeProperty, ssrfProperty } from '../properties/registration';
import { boundedInputProperty } from '../properties/limits';

/** In the order they run: read-only first, then those that authorize, then those that register many clients. */
export const PROPERTIES: readonly Property[] = [
  challengeProperty, prmProperty, offlineAccessProperty, asMetadataProperty, invalidTokenProperty, malformedProperty,
  pkceProperty, redirectProperty, issProperty, codeProperty, refreshProperty, resourceProperty, audienceProperty, insufficientScopeProperty,
  anonymousGrantProperty, ssrfProperty, redirectSchemeProperty, errorRedirectProperty, introspectionProperty, boundedInputProperty,
];
