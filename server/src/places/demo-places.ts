import type { OpeningInterval, PlaceKind, PlaceService } from '../../../shared/places.schema.ts';

/**
 * Demo places for `npm run seed`, drawn from the Lozère workshop report (MSAP of Villefort and
 * Marvejols, the telecentre of Saint-Chély-d'Apcher, l'Atelier in Mende, Polen in Florac, the
 * syndicat d'initiative of Sainte-Croix-Vallée-Française, hotels, gîtes, schools, cafés...).
 * Addresses, hours and contacts are plausible, not real: every row is marked demo.
 */
export interface DemoPlace {
  name: string;
  kind: PlaceKind;
  commune: string;
  address: string;
  description: string;
  services: PlaceService[];
  hours: OpeningInterval[];
  monthsOpen?: number[];
  monthsRoomsFree?: number[];
  /** Demo members who animate it (by display name). */
  animators?: string[];
}

const week = (days: number[], ...slots: [string, string][]): OpeningInterval[] =>
  days.flatMap((day) => slots.map(([open, close]) => ({ day, open, close })));
const MON_FRI = [1, 2, 3, 4, 5];
const office = week(MON_FRI, ['09:00', '12:30'], ['13:30', '17:30']);
const summer = [5, 6, 7, 8, 9];

export const demoMembers = [
  { name: 'Murielle Bonnet', commune: 'Villefort', visibility: 'public' },
  { name: 'Roald Martin', commune: 'Mende', visibility: 'network' },
  { name: 'Luc Pagès', commune: 'Florac Trois Rivières', visibility: 'network' },
  { name: 'Catherine Rouvière', commune: 'Mende', visibility: 'my_places' },
  { name: 'Dan de Vries', commune: 'Sainte-Croix-Vallée-Française', visibility: 'public' },
  { name: 'Marie-Louise Chaptal', commune: 'Marvejols', visibility: 'hidden' },
] as const;

export const demoPlaces: DemoPlace[] = [
  { name: 'Maison France Services de Villefort', kind: 'public_service', commune: 'Villefort', address: 'Place du Bosquet, 48800 Villefort', description: 'Accueil des services publics, accompagnement numérique et espace de télétravail. Petits-déjeuners débats un jeudi par mois.', services: ['wifi', 'fiber', 'public_service_desk', 'printer', 'video_room', 'step_free', 'shared_desks'], hours: office, animators: ['Murielle Bonnet'] },
  { name: 'Maison France Services de Marvejols', kind: 'public_service', commune: 'Marvejols', address: 'Avenue Théophile Roussel, 48100 Marvejols', description: 'Orientation, aide aux démarches, salle de visioconférence ouverte aux indépendants sur réservation.', services: ['wifi', 'public_service_desk', 'printer', 'video_room', 'meeting_room', 'step_free'], hours: office },
  { name: "Télécentre de Saint-Chély-d'Apcher", kind: 'telecentre', commune: "Saint-Chély-d'Apcher", address: 'Rue Théophile Roussel, 48200 Saint-Chély-d’Apcher', description: 'Bureaux privatifs et postes partagés en très haut débit, adossé à la Maison France Services.', services: ['wifi', 'fiber', 'private_office', 'shared_desks', 'video_room', 'printer', 'cafe_kitchen', 'step_free'], hours: week(MON_FRI, ['08:30', '18:30']) },
  { name: "L'Atelier", kind: 'coworking', commune: 'Mende', address: 'Rue du Soubeyran, 48000 Mende', description: 'Espace de coworking du centre-ville : postes nomades, bureaux fermés, salle de réunion et café.', services: ['wifi', 'fiber', 'shared_desks', 'private_office', 'meeting_room', 'cafe_kitchen', 'printer'], hours: week(MON_FRI, ['08:30', '19:00']), animators: ['Roald Martin'] },
  { name: 'Polen', kind: 'coworking', commune: 'Florac Trois Rivières', address: 'Avenue Jean Monestier, 48400 Florac Trois Rivières', description: 'Pôle d’entreprises et coworking au pied du causse Méjean : salles de réunion, événements, résidences.', services: ['wifi', 'fiber', 'shared_desks', 'meeting_room', 'video_room', 'cafe_kitchen', 'step_free'], hours: week(MON_FRI, ['09:00', '18:00']), animators: ['Luc Pagès'] },
  { name: 'Syndicat d’initiative de Sainte-Croix-Vallée-Française', kind: 'association', commune: 'Sainte-Croix-Vallée-Française', address: 'Le Village, 48110 Sainte-Croix-Vallée-Française', description: 'Office de tourisme associatif qui accueille aussi des travailleurs de passage et des associations locales.', services: ['wifi', 'printer', 'shared_desks'], hours: week([2, 3, 4, 5, 6], ['10:00', '12:30'], ['15:00', '18:00']), monthsOpen: [4, 5, 6, 7, 8, 9, 10] },
  { name: 'Maison France Services de Langogne', kind: 'public_service', commune: 'Langogne', address: 'Boulevard des Capucins, 48300 Langogne', description: 'Services publics de proximité et point numérique.', services: ['wifi', 'public_service_desk', 'printer', 'step_free'], hours: office },
  { name: 'Maison France Services de Meyrueis', kind: 'public_service', commune: 'Meyrueis', address: 'Quai Sully, 48150 Meyrueis', description: 'Accueil, démarches et poste de travail connecté.', services: ['wifi', 'public_service_desk', 'printer'], hours: week([1, 2, 4, 5], ['09:00', '12:00'], ['14:00', '17:00']) },
  { name: 'Maison France Services de La Canourgue', kind: 'public_service', commune: 'La Canourgue', address: 'Place du Pré Commun, 48500 La Canourgue', description: 'Services publics et salle de visioconférence.', services: ['wifi', 'public_service_desk', 'video_room', 'step_free'], hours: office },
  { name: 'Maison France Services du Collet-de-Dèze', kind: 'public_service', commune: 'Le Collet-de-Dèze', address: 'Grand Rue, 48160 Le Collet-de-Dèze', description: 'Accueil de proximité dans la vallée Longue.', services: ['wifi', 'public_service_desk', 'printer'], hours: week([1, 2, 3, 4], ['09:00', '12:30']) },
  { name: 'Maison France Services de Châteauneuf-de-Randon', kind: 'public_service', commune: 'Châteauneuf-de-Randon', address: 'Place de la Mairie, 48170 Châteauneuf-de-Randon', description: 'Démarches, emploi et espace numérique.', services: ['wifi', 'public_service_desk', 'printer'], hours: office },
  { name: 'Télécentre du Pont-de-Montvert', kind: 'telecentre', commune: 'Pont de Montvert - Sud Mont Lozère', address: 'Le Quai, 48220 Pont de Montvert - Sud Mont Lozère', description: 'Deux bureaux et une salle de visio au cœur du mont Lozère.', services: ['wifi', 'fiber', 'private_office', 'video_room'], hours: week(MON_FRI, ['09:00', '17:00']) },
  { name: 'Fablab de Mende', kind: 'fablab', commune: 'Mende', address: 'Avenue du 11 Novembre, 48000 Mende', description: 'Imprimantes 3D, découpe laser, électronique ; ateliers ouverts le mercredi et le samedi.', services: ['wifi', 'fablab', 'printer', 'meeting_room'], hours: [...week([3], ['14:00', '20:00']), ...week([6], ['10:00', '17:00'])] },
  { name: 'Pépinière d’entreprises de Marvejols', kind: 'coworking', commune: 'Marvejols', address: 'Zone du Ventouzet, 48100 Marvejols', description: 'Bureaux pour jeunes entreprises et postes en coworking.', services: ['wifi', 'fiber', 'private_office', 'shared_desks', 'meeting_room', 'step_free'], hours: week(MON_FRI, ['08:00', '18:00']) },
  { name: 'Café associatif de Bagnols-les-Bains', kind: 'cafe', commune: 'Mont Lozère et Goulet', address: 'Avenue de la Gare, Bagnols-les-Bains, 48190 Mont Lozère et Goulet', description: 'Café, épicerie et deux tables au calme avec le Wi-Fi.', services: ['wifi', 'cafe_kitchen', 'step_free'], hours: week([3, 4, 5, 6, 7], ['09:00', '19:00']) },
  { name: 'Bar de la Place, Nasbinals', kind: 'cafe', commune: 'Nasbinals', address: 'Place de l’Église, 48260 Nasbinals', description: 'Bar-restaurant de l’Aubrac, accueil des marcheurs et des télétravailleurs hors saison.', services: ['wifi', 'cafe_kitchen'], hours: week([1, 2, 3, 4, 5, 6, 7], ['08:00', '22:00']), monthsOpen: [3, 4, 5, 6, 7, 8, 9, 10, 11] },
  { name: 'Hôtel du Causse, Meyrueis', kind: 'lodging', commune: 'Meyrueis', address: 'Quai d’Orléans, 48150 Meyrueis', description: 'Hôtel familial : salle de séminaire et chambres pour travailleurs au printemps et à l’automne.', services: ['wifi', 'meeting_room', 'cafe_kitchen', 'private_office'], hours: week([1, 2, 3, 4, 5, 6, 7], ['07:30', '22:00']), monthsOpen: [4, 5, 6, 7, 8, 9, 10], monthsRoomsFree: [4, 5, 6, 10] },
  { name: 'Gîte d’étape d’Aumont-Aubrac', kind: 'lodging', commune: 'Peyre en Aubrac', address: 'Route du Languedoc, Aumont-Aubrac, 48130 Peyre en Aubrac', description: 'Gîte sur le chemin de Compostelle ; chambres libres pour les greenworkers hors saison.', services: ['wifi', 'cafe_kitchen'], hours: week([1, 2, 3, 4, 5, 6, 7], ['08:00', '20:00']), monthsOpen: [3, 4, 5, 6, 7, 8, 9, 10, 11], monthsRoomsFree: [3, 4, 10, 11] },
  { name: 'Internat du lycée de Florac', kind: 'school', commune: 'Florac Trois Rivières', address: 'Rue du Collège, 48400 Florac Trois Rivières', description: 'Chambres de l’internat louées aux travailleurs saisonniers pendant les vacances scolaires d’été.', services: ['wifi', 'cafe_kitchen', 'meeting_room'], hours: week(MON_FRI, ['08:00', '18:00']), monthsRoomsFree: [7, 8] },
  { name: 'Collège de Villefort', kind: 'school', commune: 'Villefort', address: 'Rue du Collège, 48800 Villefort', description: 'Salle informatique et salle polyvalente ouvertes aux associations le soir et l’été.', services: ['wifi', 'meeting_room', 'printer', 'step_free'], hours: week(MON_FRI, ['17:30', '21:00']), monthsRoomsFree: [7, 8] },
  { name: 'Tiers-lieu de Saint-Germain-de-Calberte', kind: 'association', commune: 'Saint-Germain-de-Calberte', address: 'Le Plan, 48370 Saint-Germain-de-Calberte', description: 'Tiers-lieu associatif des Cévennes : coworking, atelier partagé, garde d’enfants le mercredi à côté.', services: ['wifi', 'shared_desks', 'cafe_kitchen', 'childcare', 'fablab'], hours: week([2, 3, 4, 5], ['09:30', '17:30']) },
  { name: 'Espace de coworking du Malzieu', kind: 'coworking', commune: 'Le Malzieu-Ville', address: 'Place du Souvenir, 48140 Le Malzieu-Ville', description: 'Quatre postes dans l’ancienne poste, réservables à la journée.', services: ['wifi', 'fiber', 'shared_desks', 'printer'], hours: week(MON_FRI, ['09:00', '18:00']) },
  { name: 'Radio locale de la Margeride', kind: 'association', commune: "Saint-Chély-d'Apcher", address: 'Rue de la Liberté, 48200 Saint-Chély-d’Apcher', description: 'Studio associatif, ouvert aux habitants pour des émissions et des ateliers.', services: ['wifi', 'meeting_room'], hours: week([3, 5], ['14:00', '19:00']) },
  { name: 'Ferme partagée de Chanac', kind: 'other', commune: 'Chanac', address: 'Hameau de Ressouches, 48230 Chanac', description: 'Ferme qui accueille des ateliers et un bureau partagé en été.', services: ['wifi', 'cafe_kitchen', 'childcare'], hours: week([1, 2, 3, 4, 5], ['09:00', '17:00']), monthsOpen: summer },
  { name: 'Maison France Services du Bleymard', kind: 'public_service', commune: 'Mont Lozère et Goulet', address: 'Le Bleymard, 48190 Mont Lozère et Goulet', description: 'Point d’accueil du mont Lozère, visio pour les rendez-vous à distance.', services: ['wifi', 'public_service_desk', 'video_room'], hours: week([2, 4], ['09:00', '12:00'], ['14:00', '17:00']) },
  { name: 'Médiathèque de Saint-Alban-sur-Limagnole', kind: 'other', commune: 'Saint-Alban-sur-Limagnole', address: 'Grand Rue, 48120 Saint-Alban-sur-Limagnole', description: 'Tables de travail, Wi-Fi et imprimante ; accès de plain-pied.', services: ['wifi', 'printer', 'step_free', 'shared_desks'], hours: week([2, 3, 5, 6], ['10:00', '12:00'], ['14:00', '18:00']) },
];
