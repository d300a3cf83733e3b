import type { ComponentType } from 'react';
import type { Contact } from '../../lib/types';
import { RecommendationsCard } from '../segments/RecommendationsCard';
import { ScoreCard } from '../scoring/ScoreCard';
import { PrivacyCard } from '../privacy/PrivacyCard';

/**
 * Extension slot on the contact page, below the details. Later work registers the "Score" card and the
 * "Recommendations" card here (each gets the loaded contact); the page renders them in this order.
 */
export type ContactSideCard = { id: string; component: ComponentType<{ contact: Contact }> };

const LeadScoreCard = ({ contact }: { contact: Contact }) => <ScoreCard entity="contact" id={contact.id} />;

export const contactSideCards: ContactSideCard[] = [
  { id: 'score', component: LeadScoreCard },
  { id: 'recommendations', component: RecommendationsCard },
  { id: 'privacy', component: PrivacyCard },
];
